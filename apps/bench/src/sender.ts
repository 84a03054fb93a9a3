import { Agent, request } from 'node:http';
import { BENCH_AUTHORIZATION } from './sender-key';

/** A sending service over keep-alive connections, as ACMESky's backend would hold them. */
export class Sender {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });

  constructor(private readonly baseUrl: string) {}

  /** POSTs one message; resolves with the status code. */
  send(receiver: string, body: string): Promise<number> {
    const payload = JSON.stringify({ sender: 'ACMESky', receiver, body });
    return new Promise((resolve, reject) => {
      const outgoing = request(
        `${this.baseUrl}/messages`,
        {
          method: 'POST',
          agent: this.agent,
          headers: {
            'content-type': 'application/json',
            ...BENCH_AUTHORIZATION,
            'content-length': Buffer.byteLength(payload),
          },
        },
        (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
        },
      );
      outgoing.on('error', reject);
      outgoing.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
