import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import * as path from 'node:path';

const CLI = path.resolve(__dirname, '../../../../libs/cli/dist/main.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built `prontogram` as a process of its own, as a shell script does, with none of
 * the PRONTOGRAM_* settings of the environment the tests run in but those given.
 */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('PRONTOGRAM_')),
  );
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // A CLI that hangs is a failure of its own: it must not outlive the test.
    timeout: 30_000,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The address of a port nothing listens on: it was free a moment ago. */
export async function unreachableUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}
