import type { MessageAccepted, SendMessageDto } from '@prontogram/contracts';
import { testMessage } from './test-message';

/** Whatever takes POSTs for the API: the API itself, or a load balancer in front of it. */
export interface JsonPoster {
  postJson(route: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
}

/** POSTs JSON to `baseUrl` + `route`. */
export function postJson(
  baseUrl: string,
  route: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${baseUrl}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** POSTs a message and returns the API's acceptance; fails the test on anything but 202. */
export async function send(
  api: JsonPoster,
  receiver: string,
  body: string,
  extra: Partial<SendMessageDto> = {},
): Promise<MessageAccepted> {
  const response = await api.postJson('/messages', testMessage({ receiver, body, ...extra }));
  if (response.status !== 202) {
    throw new Error(`POST /messages answered ${response.status}: ${await response.text()}`);
  }
  return (await response.json()) as MessageAccepted;
}

/** POSTs the messages one after the other, so their order is the order given. */
export async function sendInOrder(
  api: JsonPoster,
  receiver: string,
  bodies: string[],
): Promise<MessageAccepted[]> {
  const accepted: MessageAccepted[] = [];
  for (const body of bodies) accepted.push(await send(api, receiver, body));
  return accepted;
}
