/**
 * The measuring stick: the least a server can do for `POST /messages` and keep the delivery
 * contract. `node:http`, `JSON.parse`, a hand check of the three fields, one confirm
 * channel, and `202` only after RabbitMQ's confirm. No framework, no validation library.
 * Run as a process of its own: `node reference-server.js` (PORT, HOST, RABBITMQ_URL).
 */
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as amqp from 'amqplib';
import { declareInbox, publishConfirmed, storedMessage } from './stored-message';
import { INBOX_EXCHANGE, RABBITMQ_URL } from './topology';

const USERNAME = /^[A-Za-z0-9._@-]{1,64}$/;
const BODY_LIMIT = 64 * 1024;

async function main(): Promise<void> {
  const connection = await amqp.connect(RABBITMQ_URL, { noDelay: true });
  const channel = await connection.createConfirmChannel();
  await channel.assertExchange(INBOX_EXCHANGE, 'direct', { durable: true });
  const declared = new Map<string, Promise<unknown>>();
  const ensureQueue = (receiver: string): Promise<unknown> => {
    let declaring = declared.get(receiver);
    if (!declaring) {
      declaring = declareInbox(channel, receiver);
      declared.set(receiver, declaring);
    }
    return declaring;
  };

  const answer = (response: ServerResponse, status: number, body: unknown): void => {
    const json = JSON.stringify(body);
    response.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(json),
    });
    response.end(json);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (request.method !== 'POST' || request.url !== '/messages') {
      return answer(response, 404, { message: 'not found' });
    }
    if (!request.headers['content-type']?.startsWith('application/json')) {
      return answer(response, 415, { message: 'application/json only' });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request) {
      size += (chunk as Buffer).length;
      if (size > BODY_LIMIT) return answer(response, 413, { message: 'too large' });
      chunks.push(chunk as Buffer);
    }
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return answer(response, 400, { message: 'malformed JSON' });
    }
    const { sender, receiver, body } = input ?? {};
    if (typeof sender !== 'string' || sender.length === 0) {
      return answer(response, 400, { message: 'sender' });
    }
    if (typeof receiver !== 'string' || !USERNAME.test(receiver)) {
      return answer(response, 400, { message: 'receiver' });
    }
    if (typeof body !== 'string' || body.length === 0) {
      return answer(response, 400, { message: 'body' });
    }
    const message = storedMessage({ sender, receiver: receiver.toLowerCase(), body });
    await ensureQueue(message.receiver);
    await publishConfirmed(channel, message);
    const { id, sentAt, expiresAt } = message;
    answer(response, 202, { id, receiver: message.receiver, sentAt, expiresAt });
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => answer(response, 503, { message: 'unavailable' }));
  });
  server.listen(Number(process.env['PORT'] ?? 0), process.env['HOST'] ?? '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    console.log(`Reference server listening on http://127.0.0.1:${port}`);
  });
  process.once('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    void connection.close().finally(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
