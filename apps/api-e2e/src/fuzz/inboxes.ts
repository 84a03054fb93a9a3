import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { USERNAME_PATTERN } from '@prontogram/contracts';
import { deleteQueues } from '@prontogram/e2e-support';

const run = promisify(execFile);
const PREFIX = 'prontogram.inbox.';

/** The names of every inbox queue RabbitMQ has now. */
export async function inboxQueues(): Promise<Set<string>> {
  const { stdout } = await run('rabbitmqctl', ['-q', 'list_queues', 'name', '--formatter', 'json']);
  return new Set(
    (JSON.parse(stdout) as { name: string }[])
      .map((queue) => queue.name)
      .filter((name) => name.startsWith(PREFIX)),
  );
}

/**
 * Inbox queues made since `before`, whose username part breaks the username rule or is not
 * normalised; and deletes every queue made since `before`.
 */
export async function invalidInboxesSince(before: Set<string>): Promise<string[]> {
  const made = [...(await inboxQueues())].filter((name) => !before.has(name));
  const invalid = made.filter((name) => {
    const username = name.slice(PREFIX.length);
    return !USERNAME_PATTERN.test(username) || username !== username.toLowerCase();
  });
  await deleteQueues(made);
  return invalid;
}
