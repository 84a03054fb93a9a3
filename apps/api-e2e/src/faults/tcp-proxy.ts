import * as net from 'node:net';

/**
 * A TCP proxy in front of the API, so that a test can cut a reader's connection the way a
 * network does: both ends get a reset, nobody says goodbye.
 */
export class TcpProxy {
  private constructor(
    private readonly server: net.Server,
    private readonly pairs: Set<[net.Socket, net.Socket]>,
    readonly url: string,
  ) {}

  static async start(targetUrl: string): Promise<TcpProxy> {
    const target = new URL(targetUrl);
    const pairs = new Set<[net.Socket, net.Socket]>();
    const server = net.createServer((client) => {
      const upstream = net.connect(Number(target.port), target.hostname);
      const pair: [net.Socket, net.Socket] = [client, upstream];
      pairs.add(pair);
      client.pipe(upstream).pipe(client);
      const forget = () => {
        pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      client.on('error', forget).on('close', forget);
      upstream.on('error', forget).on('close', forget);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    return new TcpProxy(server, pairs, `http://127.0.0.1:${port}`);
  }

  /** Resets every connection through the proxy; new ones are let through as before. */
  cutAll(): number {
    const cut = this.pairs.size;
    for (const [client, upstream] of this.pairs) {
      client.resetAndDestroy();
      upstream.resetAndDestroy();
    }
    this.pairs.clear();
    return cut;
  }

  async close(): Promise<void> {
    this.cutAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
