import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { waitFor } from './wait';

const run = promisify(execFile);

/** The Redis the scale-out tests share their instances through. */
export const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

async function redisAnswers(): Promise<boolean> {
  try {
    const { stdout } = await run('redis-cli', ['-u', REDIS_URL, 'ping']);
    return stdout.trim() === 'PONG';
  } catch {
    return false;
  }
}

/**
 * Runs `body` while Redis is stopped (shut down without saving: nothing the tests need
 * later), then starts it again with the repository's script, whatever happens.
 */
export async function withRedisStopped<T>(body: () => Promise<T>): Promise<T> {
  try {
    await run('redis-cli', ['-u', REDIS_URL, 'shutdown', 'nosave']).catch(() => undefined);
    await waitFor(redisAnswers, (answers) => !answers, { what: 'Redis to stop' });
    return await body();
  } finally {
    await run('bash', [path.resolve(__dirname, '../../../../scripts/ensure-redis.sh')]);
  }
}

/** Runs one Redis command with redis-cli against the tests' Redis; its answer, trimmed. */
export async function redisCommand(...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-u', REDIS_URL, ...args]);
  return stdout.trim();
}
