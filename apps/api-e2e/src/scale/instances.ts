import {
  inboxQueueOf,
  queueCounts,
  REDIS_URL,
  RunningApi,
  uniqueUsername,
  waitFor,
} from '@prontogram/e2e-support';
import { InboxClient } from '../support/inbox-client';

/** API instances sharing pages through the real Redis, each on its own loopback port. */
export async function startInstances(
  count: number,
  env: Record<string, string> = {},
): Promise<RunningApi[]> {
  const instances: RunningApi[] = [];
  try {
    for (let i = 0; i < count; i++) {
      instances.push(await RunningApi.start({ REDIS_URL, ...env }));
    }
    await Promise.all(instances.map((instance) => instance.waitUntilReady()));
    return instances;
  } catch (error) {
    await stopInstances(instances);
    throw error;
  }
}

export async function stopInstances(instances: RunningApi[]): Promise<void> {
  await Promise.all(instances.map((instance) => instance.kill()));
}

/** Starts `instance` again on the same port, as an orchestrator restarts a replica. */
export function restartOnSamePort(instance: RunningApi): Promise<RunningApi> {
  return RunningApi.start({ REDIS_URL, PORT: instance.port });
}

/**
 * A page of a new person on A, then one on B, once A's consumer is registered: RabbitMQ makes
 * the first consumer of a queue the active one, so A holds every delivery and B waits.
 */
export async function pagesWithAHolding(
  a: RunningApi,
  b: RunningApi,
  label: string,
): Promise<{ username: string; queue: string; onA: InboxClient; onB: InboxClient }> {
  const username = uniqueUsername(label);
  const queue = inboxQueueOf(username);
  const consumers = (count: number, what: string) =>
    waitFor(
      () => queueCounts(queue),
      (counts) => counts?.consumers === count,
      { what },
    );
  const onA = await InboxClient.connect(a.baseUrl, { username });
  await consumers(1, "A's consumer, the active one");
  const onB = await InboxClient.connect(b.baseUrl, { username });
  await consumers(2, "B's consumer, waiting");
  return { username, queue, onA, onB };
}
