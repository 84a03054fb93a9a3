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

/** SIGKILL, which ends a paused (SIGSTOPped) instance too. */
export async function stopInstances(instances: RunningApi[]): Promise<void> {
  await Promise.all(instances.map((instance) => instance.kill()));
}

/** Starts `instance` again on the same port, as an orchestrator restarts a replica. */
export function restartOnSamePort(instance: RunningApi): Promise<RunningApi> {
  return RunningApi.start({ REDIS_URL, PORT: instance.port });
}

/** What the tests of a scale suite use, once its `beforeAll` (or `beforeEach`) has run. */
export interface InstancesSuite {
  /**
   * The instances, in the order they started. A test that restarts one puts the new process
   * in its place, so that it is stopped with the others.
   */
  readonly instances: RunningApi[];
  /** The first instance, for suites that speak of A and B. */
  readonly a: RunningApi;
  /** The second instance. */
  readonly b: RunningApi;
  /**
   * Connects a page of `username` to `via` (an instance, or a load balancer in front of
   * them); it is closed after the test.
   */
  page(via: { baseUrl: string }, username: string): Promise<InboxClient>;
}

/**
 * `count` API instances sharing pages through Redis, for the tests of the enclosing
 * `describe`: started before the first test and killed after the last, or, with `perTest`,
 * for each test on its own (for tests that kill or freeze one), with the settings in `env`
 * as they are then. Pages are closed after each test.
 */
export function startInstancesForSuite(
  count: number,
  { perTest = false, env = {} }: { perTest?: boolean; env?: Record<string, string> } = {},
): InstancesSuite {
  let instances: RunningApi[] | undefined;
  const pages: InboxClient[] = [];

  (perTest ? beforeEach : beforeAll)(async () => {
    instances = await startInstances(count, env);
  });
  afterEach(() => {
    pages.splice(0).forEach((page) => page.close());
  });
  (perTest ? afterEach : afterAll)(async () => {
    if (instances) await stopInstances(instances);
  });

  const running = (): RunningApi[] => {
    if (!instances) throw new Error('The instances of this suite are not running: see its hooks');
    return instances;
  };
  return {
    get instances() {
      return running();
    },
    get a() {
      return running()[0];
    },
    get b() {
      return running()[1];
    },
    async page(via, username) {
      const page = await InboxClient.connect(via.baseUrl, { username });
      pages.push(page);
      return page;
    },
  };
}

/**
 * A page of a new person on A, then one on B, once A's consumer is registered: RabbitMQ makes
 * the first consumer of a queue the active one, so A holds every delivery and B waits.
 */
export async function pagesWithAHolding(
  suite: InstancesSuite,
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
  const onA = await suite.page(suite.a, username);
  await consumers(1, "A's consumer, the active one");
  const onB = await suite.page(suite.b, username);
  await consumers(2, "B's consumer, waiting");
  return { username, queue, onA, onB };
}
