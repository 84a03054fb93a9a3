import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';

/**
 * A server under test in a process of its own (the API, or the reference server), started
 * with its environment only, so that its memory and CPU are its own and can be read.
 */
export class ServerProcess {
  private output = '';

  private constructor(
    readonly name: string,
    private child: ChildProcess,
    readonly url: string,
    private readonly script: string,
    private readonly env: Record<string, string>,
  ) {}

  static async start(
    name: string,
    script: string,
    env: Record<string, string>,
    timeoutMs = 30_000,
  ): Promise<ServerProcess> {
    const { child, url, output } = await launch(script, env, timeoutMs);
    const server = new ServerProcess(name, child, url, script, env);
    server.attach(child, output);
    return server;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get logs(): string {
    return this.output;
  }

  /** Resident memory now, in bytes, read from /proc. */
  rssBytes(): number {
    return readStatusBytes(this.pid, 'VmRSS');
  }

  /** CPU time it has used so far (user and system), in microseconds, read from /proc. */
  cpuMicros(): number {
    return readCpuMicros(this.pid);
  }

  /** Stops it with SIGTERM, as an orchestrator does, and waits for it to exit. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    await exited;
  }

  /** Starts it again on the same port (the readers reconnect to the same address). */
  async restart(timeoutMs = 30_000): Promise<void> {
    await this.stop();
    const port = new URL(this.url).port;
    const { child, output } = await launch(this.script, { ...this.env, PORT: port }, timeoutMs);
    this.attach(child, output);
  }

  private attach(child: ChildProcess, output: string): void {
    this.child = child;
    this.output += output;
    const collect = (chunk: Buffer): void => {
      // Keep the tail only: a long run must not grow the bench's own memory.
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
  }
}

async function launch(
  script: string,
  env: Record<string, string>,
  timeoutMs: number,
): Promise<{ child: ChildProcess; url: string; output: string }> {
  const port = env['PORT'] && env['PORT'] !== '0' ? Number(env['PORT']) : await freePort();
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, HOST: '127.0.0.1', NO_COLOR: '1', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output += chunk.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  // Listening is when it answers HTTP at all: any status will do.
  while (!(await answers(url))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${script} did not listen on ${url} within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  child.stdout?.off('data', collect);
  child.stderr?.off('data', collect);
  return { child, url, output };
}

function answers(url: string): Promise<boolean> {
  return fetch(`${url}/health/live`).then(
    () => true,
    () => false,
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A `VmRSS`/`VmHWM`-style line of /proc/<pid>/status, in bytes. */
/**
 * A process's CPU time, user and system, in microseconds: fields 14 and 15 of
 * /proc/<pid>/stat, in clock ticks of 10 ms (Linux's USER_HZ on every common build).
 */
export function readCpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks * 10_000;
}

export function readStatusBytes(pid: number, field: string): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}

/** Samples a process's resident memory until stopped; keeps the peak. */
export class MemoryWatch {
  private peak = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly read: () => number,
    intervalMs = 50,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.peak;
  }

  private sample(): void {
    try {
      this.peak = Math.max(this.peak, this.read());
    } catch {
      // The process is restarting: no reading this time.
    }
  }
}

export const MIB = 1024 * 1024;
