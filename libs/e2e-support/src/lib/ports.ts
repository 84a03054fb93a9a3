import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';

/**
 * Ports of the services the tests stop and start again (epmd, RabbitMQ's AMQP, management,
 * Prometheus and inter-node ports, PostgreSQL, Redis): an API must not hold one meanwhile.
 */
const SERVICE_PORTS = new Set([4369, 5432, 5672, 6379, 15672, 15692, 25672]);

/** Linux's default when /proc cannot be read. */
const EPHEMERAL_DEFAULT: [number, number] = [32768, 60999];

async function ephemeralRange(): Promise<[number, number]> {
  const text = await readFile('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').catch(() => '');
  const [low, high] = text.trim().split(/\s+/).map(Number);
  return low > 0 && high >= low ? [low, high] : EPHEMERAL_DEFAULT;
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A free port on 127.0.0.1 outside the kernel's ephemeral range. A process stopped and started
 * again on its port (to test a restart) must find it free: a port from the ephemeral range
 * (what `listen(0)` gives) can meanwhile become the local end of any outgoing connection
 * (a page reconnecting, a client of RabbitMQ), and the second `listen` fails.
 */
export async function freePort(): Promise<number> {
  const [low, high] = await ephemeralRange();
  // Below the range when there is room for it, else above it.
  const [first, last] = low > 11_000 ? [10_000, low - 1] : [high + 1, 65_535];
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = first + Math.floor(Math.random() * (last - first + 1));
    if (!SERVICE_PORTS.has(port) && (await bindable(port))) return port;
  }
  throw new Error(`No free port between ${first} and ${last} after 100 tries`);
}
