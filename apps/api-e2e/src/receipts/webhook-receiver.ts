import { createHmac, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Receipt } from '@prontogram/contracts';
import { waitFor } from '@prontogram/e2e-support';

/** One request the webhook got, as it came. */
export interface WebhookRequest {
  headers: IncomingHttpHeaders;
  body: string;
  /** The status it was answered with. */
  answered: number;
}

/**
 * The check the README shows a sender, in plain node:crypto: the signature over
 * `<id>.<timestamp>.<body>` with the secret's base64 part as key, and a fresh timestamp.
 */
export function verifiedAsTheReadmeShows(request: WebhookRequest, secret: string): boolean {
  const id = request.headers['webhook-id'];
  const timestamp = request.headers['webhook-timestamp'];
  const signatures = String(request.headers['webhook-signature'] ?? '').split(' ');
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 5 * 60) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${request.body}`).digest();
  return signatures.some((signature) => {
    const given = Buffer.from(signature.replace(/^v1,/, ''), 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/**
 * A sender's webhook on loopback: it records every request and answers `status`; it can go
 * away (connections refused) and come back on the same port.
 */
export class WebhookReceiver {
  readonly requests: WebhookRequest[] = [];
  /** What it answers: 200 by default, a failure to make ProntoGram retry. */
  status = 200;
  private server = this.makeServer();
  private boundPort = 0;

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    await receiver.listen(0);
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${this.boundPort}/receipts`;
  }

  /** The receipts it answered 2xx to, in the order they came. */
  get accepted(): Receipt[] {
    return this.requests
      .filter((request) => request.answered === 200)
      .map((request) => JSON.parse(request.body) as Receipt);
  }

  /** Waits until receipts accepted include one for each `event` of each of `messageIds`. */
  async waitForReceipts(
    wanted: { messageId: string; event: Receipt['event'] }[],
    timeoutMs = 30_000,
  ): Promise<Receipt[]> {
    const missing = () =>
      wanted.filter(
        ({ messageId, event }) =>
          !this.accepted.some((got) => got.messageId === messageId && got.event === event),
      );
    await waitFor(
      async () => missing().length,
      (left) => left === 0,
      { what: `receipts: ${wanted.map((want) => `${want.messageId} ${want.event}`)}`, timeoutMs },
    );
    return this.accepted;
  }

  /** Refuses connections from now on, until `comeBack`. */
  async goAway(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  async comeBack(): Promise<void> {
    this.server = this.makeServer();
    await this.listen(this.boundPort);
  }

  async stop(): Promise<void> {
    if (this.server.listening) await this.goAway();
  }

  private async listen(port: number): Promise<void> {
    this.server.listen(port, '127.0.0.1');
    await once(this.server, 'listening');
    this.boundPort = (this.server.address() as AddressInfo).port;
  }

  private makeServer(): Server {
    return createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const answered = this.status;
        const body = Buffer.concat(chunks).toString('utf8');
        this.requests.push({ headers: request.headers, body, answered });
        response.writeHead(answered).end();
      });
    });
  }
}
