import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import WebSocket from 'ws';
import * as path from 'node:path';
import { freePort } from './ports';
import { postJson } from './send';
import { waitFor } from './wait';

const MAIN = path.resolve(__dirname, '../../../../dist/apps/api/main.js');

/**
 * Every test connects from 127.0.0.1, far faster than people do: the rate limits are lifted
 * far out of reach unless a test sets its own (the tests of the limits do).
 */
const LIMITS_OUT_OF_REACH: Record<string, string> = {
  RATE_LIMIT_SEND_PER_KEY: '1000000/1s',
  RATE_LIMIT_SEND_PER_IP: '1000000/1s',
  RATE_LIMIT_CONNECT_PER_IP: '1000000/1m',
  RATE_LIMIT_SOCKET_EVENTS: '1000000/1s',
  PUSH_MIN_INTERVAL_SECONDS: '0',
  MAX_SESSIONS_PER_USERNAME: '10000',
};
// The URL alone, whether the line is plain text or JSON (`"msg":"… listening on http://…"`).
const LISTENING = /listening on (http:\/\/[\w.:[\]-]+)/;

/**
 * The real API: the built `dist/apps/api/main.js` in a process of its own, on a free port,
 * configured only through its environment, as an operator runs it.
 */
export class RunningApi {
  private output = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly baseUrl: string,
  ) {}

  static async start(
    env: Record<string, string> = {},
    timeoutMs = 20_000,
    { inspect = false } = {},
  ): Promise<RunningApi> {
    const port = env['PORT'] ?? String(await freePort());
    const child = spawn(process.execPath, [...(inspect ? ['--inspect=127.0.0.1:0'] : []), MAIN], {
      env: {
        ...process.env,
        PORT: port,
        HOST: '127.0.0.1',
        LOG_LEVEL: 'log',
        NO_COLOR: '1',
        ...LIMITS_OUT_OF_REACH,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const baseUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`The API did not start within ${timeoutMs} ms:\n${output}`));
      }, timeoutMs);
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        const match = LISTENING.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`The API exited with ${code} before listening:\n${output}`));
      });
    });
    const api = new RunningApi(child, baseUrl);
    api.output = output;
    const collect = (chunk: Buffer): void => {
      api.output += chunk.toString();
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    return api;
  }

  /** Everything the API printed so far. */
  get logs(): string {
    return this.output;
  }

  postJson(route: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return postJson(this.baseUrl, route, body, headers);
  }

  /** Resolves once `/health/ready` says RabbitMQ is connected. */
  async waitUntilReady(timeoutMs = 15_000): Promise<void> {
    await waitFor(
      () => fetch(`${this.baseUrl}/health/ready`),
      (response) => response.ok,
      { what: 'the API to connect to RabbitMQ', timeoutMs },
    );
  }

  /** SIGKILL, as a crash or an out-of-memory kill ends it: no shutdown hook runs. */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGKILL');
    await exited;
  }

  /**
   * SIGSTOP, as a hung process or a host that vanished without closing its connections: the
   * peers notice only by their own timeouts. `resume` (SIGCONT) lets it run on.
   */
  pause(): void {
    this.child.kill('SIGSTOP');
  }

  resume(): void {
    this.child.kill('SIGCONT');
  }

  /**
   * The V8 heap in use after a full garbage collection, in bytes, asked through the
   * inspector. Only for an API started with `{ inspect: true }`.
   */
  async heapUsedAfterGc(): Promise<number> {
    const url = /Debugger listening on (ws:\/\/\S+)/.exec(this.output)?.[1];
    if (!url) throw new Error('The API was not started with { inspect: true }');
    const socket = new WebSocket(url);
    await once(socket, 'open');
    let nextId = 0;
    const call = async (method: string): Promise<Record<string, unknown>> => {
      const id = ++nextId;
      socket.send(JSON.stringify({ id, method }));
      for (;;) {
        const [data] = (await once(socket, 'message')) as [Buffer];
        const reply = JSON.parse(data.toString()) as { id?: number; result?: object };
        if (reply.id === id) return (reply.result ?? {}) as Record<string, unknown>;
      }
    };
    try {
      await call('HeapProfiler.collectGarbage');
      return (await call('Runtime.getHeapUsage'))['usedSize'] as number;
    } finally {
      socket.close();
    }
  }

  /** Its resident memory now, in bytes (Linux). */
  async residentBytes(): Promise<number> {
    const status = await readFile(`/proc/${this.child.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) * 1024;
  }

  /** The port it listens on, to start another process on the same one. */
  get port(): string {
    return new URL(this.baseUrl).port;
  }

  /**
   * SIGTERM, as an orchestrator stops it. Resolves true when the API shut down by itself:
   * exit code 0, or the SIGTERM that Nest re-raises once its shutdown hooks have run.
   * Rejects, with what the API printed, when it is still running `timeoutMs` later (it is
   * then killed): a shutdown that hangs is a defect to see, not a test timeout to guess at.
   */
  async stop(timeoutMs = 20_000): Promise<boolean> {
    // Already gone (a test stopped it, or it died): the 'exit' event will not come again.
    if (this.child.exitCode !== null || this.child.signalCode !== null) {
      return this.child.exitCode === 0 || this.child.signalCode === 'SIGTERM';
    }
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        reject(
          new Error(
            `The API was still running ${timeoutMs} ms after SIGTERM; it printed:\n` +
              this.output.slice(-4000),
          ),
        );
      }, timeoutMs);
    });
    try {
      const [code, signal] = (await Promise.race([exited, hung])) as [
        number | null,
        NodeJS.Signals | null,
      ];
      return code === 0 || signal === 'SIGTERM';
    } finally {
      clearTimeout(timer);
    }
  }
}
