import { BrokerProbe, RunningApi } from '@prontogram/e2e-support';

export interface ApiSuiteOptions {
  /** The API's settings, on top of the ones every test run uses (see RunningApi). */
  env?: Record<string, string>;
  /** Opens V8's inspector, for `api.heapUsedAfterGc()`. */
  inspect?: boolean;
  /**
   * Connects a BrokerProbe for the tests, as `broker`. Suites that stop or kill RabbitMQ
   * leave it out: a probe's connection would not survive that.
   */
  brokerProbe?: boolean;
  /** The queues to delete once the suite is done: read then, so tests may add to them. */
  queuesToDelete?: () => Iterable<string>;
}

/** What the tests of a suite use, once its `beforeAll` has run. */
export interface ApiSuite {
  readonly api: RunningApi;
  readonly broker: BrokerProbe;
}

/**
 * The real API for the tests of the enclosing `describe` (or file): started and connected to
 * RabbitMQ before the first test, stopped after the last, where it must shut down cleanly,
 * and then the queues the tests made are deleted.
 */
export function startApiForSuite(options: ApiSuiteOptions = {}): ApiSuite {
  let api: RunningApi | undefined;
  let broker: BrokerProbe | undefined;

  beforeAll(async () => {
    const starting = RunningApi.start(options.env, undefined, { inspect: options.inspect });
    await Promise.all([
      starting.then((started) => (api = started)),
      options.brokerProbe ? BrokerProbe.connect().then((probe) => (broker = probe)) : undefined,
    ]);
    await (await starting).waitUntilReady();
  });

  afterAll(async () => {
    try {
      if (api) expect(await api.stop()).toBe(true);
    } finally {
      await deleteQueues([...(options.queuesToDelete?.() ?? [])], broker);
      await broker?.close();
    }
  });

  return {
    get api(): RunningApi {
      if (!api) throw new Error('The API of this suite is not running: see its beforeAll');
      return api;
    },
    get broker(): BrokerProbe {
      if (!broker) {
        throw new Error(
          options.brokerProbe
            ? 'The broker probe of this suite is not connected: see its beforeAll'
            : 'Pass { brokerProbe: true } to startApiForSuite to use its broker',
        );
      }
      return broker;
    },
  };
}

/** Deletes the queues through `probe`, or through a probe of its own when there is none. */
async function deleteQueues(queues: string[], probe: BrokerProbe | undefined): Promise<void> {
  if (queues.length === 0) return;
  const deleting = probe ?? (await BrokerProbe.connect());
  try {
    for (const queue of queues) await deleting.deleteQueue(queue);
  } finally {
    if (!probe) await deleting.close();
  }
}
