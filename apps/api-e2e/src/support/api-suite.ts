import {
  BrokerProbe,
  deleteQueues,
  inboxQueueOf,
  RunningApi,
  uniqueUsername,
} from '@prontogram/e2e-support';

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
  /**
   * Other queues to delete once the suite is done (those of `newUser` are): read then, so
   * tests may add to them.
   */
  queuesToDelete?: () => Iterable<string>;
}

/** What the tests of a suite use, once its `beforeAll` has run. */
export interface ApiSuite {
  readonly api: RunningApi;
  readonly broker: BrokerProbe;
  /**
   * A username no other test (or earlier run) uses, its inbox queue deleted once the suite is
   * done. May be called while the `describe` is read, for a person the whole suite shares.
   */
  newUser(label: string): string;
  /**
   * Stops the API with SIGTERM, as an orchestrator does, and starts it again with the same
   * settings on the same port, where its pages reconnect, and waits until it is ready; `api`
   * is the new one from then on.
   */
  restartApi(): Promise<void>;
}

/**
 * The real API for the tests of the enclosing `describe` (or file): started and connected to
 * RabbitMQ before the first test, stopped after the last, where it must shut down cleanly,
 * and then the queues the tests made are deleted.
 */
export function startApiForSuite(options: ApiSuiteOptions = {}): ApiSuite {
  let api: RunningApi | undefined;
  let broker: BrokerProbe | undefined;
  const users: string[] = [];
  const start = (env?: Record<string, string>) =>
    RunningApi.start(env, undefined, { inspect: options.inspect });

  beforeAll(async () => {
    const starting = start(options.env);
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
      const queues = [...users.map(inboxQueueOf), ...(options.queuesToDelete?.() ?? [])];
      await deleteQueues(queues, broker);
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
    newUser(label: string): string {
      const username = uniqueUsername(label);
      users.push(username);
      return username;
    },
    async restartApi(): Promise<void> {
      const { port } = this.api;
      const stopped = await this.api.stop();
      api = undefined;
      expect(stopped).toBe(true);
      api = await start({ ...options.env, PORT: port });
      await api.waitUntilReady();
    },
  };
}
