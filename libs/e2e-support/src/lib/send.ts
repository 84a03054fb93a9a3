import type { MessageAccepted } from '@prontogram/contracts';
import type { RunningApi } from './running-api';

/** POSTs a message and returns the API's acceptance; fails the test on anything but 202. */
export async function send(
  api: RunningApi,
  receiver: string,
  body: string,
  extra: Record<string, unknown> = {},
): Promise<MessageAccepted> {
  const response = await api.postJson('/messages', { sender: 'ACMESky', receiver, body, ...extra });
  if (response.status !== 202) {
    throw new Error(`POST /messages answered ${response.status}: ${await response.text()}`);
  }
  return (await response.json()) as MessageAccepted;
}

/** POSTs the messages one after the other, so their order is the order given. */
export async function sendInOrder(
  api: RunningApi,
  receiver: string,
  bodies: string[],
): Promise<MessageAccepted[]> {
  const accepted: MessageAccepted[] = [];
  for (const body of bodies) accepted.push(await send(api, receiver, body));
  return accepted;
}
