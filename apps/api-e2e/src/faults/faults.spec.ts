import {
  deleteQueues,
  inboxQueueOf,
  killAndRestartBroker,
  RunningApi,
  uniqueUsername,
  withBrokerStopped,
  withDiskAlarm,
} from '@prontogram/e2e-support';
import { PageReader, settle, SteadySender } from './traffic';

jest.setTimeout(240_000);

const READERS = 4;
const PER_SECOND = 40;
const accepted = (status: number) => status === 202;
const refused = (status: number) => status !== 202;

/**
 * Faults under load, counted message by message: a sender POSTs steadily to readers that
 * behave like pages; a fault strikes; afterwards every message answered 2xx must have been
 * shown exactly once (one id), and none answered otherwise shown twice.
 */
describe('faults under a steady load', () => {
  const usernames: string[] = [];
  let api: RunningApi;
  let readers: PageReader[] = [];

  async function startTraffic(): Promise<SteadySender> {
    const names = Array.from({ length: READERS }, (_, i) => uniqueUsername(`fault${i}`));
    usernames.push(...names);
    readers = await Promise.all(names.map((name) => PageReader.connect(api.baseUrl, name)));
    const sender = new SteadySender(api.baseUrl, names, PER_SECOND);
    sender.start();
    await sender.waitForAnswers(accepted, PER_SECOND); // A second of normal traffic first.
    return sender;
  }

  beforeEach(async () => {
    api = await RunningApi.start();
    await api.waitUntilReady();
  });

  afterEach(async () => {
    for (const reader of readers) reader.close();
    await api.kill();
  });

  afterAll(() => deleteQueues(usernames.map(inboxQueueOf)));

  /**
   * Each fault strikes while the traffic runs, and is over when `strike` resolves; the
   * traffic must then be accepted again.
   */
  it.each<{ fault: string; strike: (sender: SteadySender) => Promise<unknown> }>([
    {
      fault: 'RabbitMQ stopped and started',
      strike: (sender) => withBrokerStopped(() => sender.waitForAnswers(refused, 5)),
    },
    {
      fault: 'RabbitMQ killed with SIGKILL and started',
      strike: () => killAndRestartBroker(),
    },
    {
      fault: 'the API killed with SIGKILL while messages are in flight, then started again',
      strike: async (sender) => {
        const port = api.port;
        await api.kill();
        await sender.waitForAnswers(refused, 5);
        api = await RunningApi.start({ PORT: port });
      },
    },
    {
      fault: 'a disk alarm while POSTing',
      strike: (sender) => withDiskAlarm(() => sender.waitForAnswers(refused, 10)),
    },
  ])('$fault', async ({ strike }) => {
    const sender = await startTraffic();
    await strike(sender);
    await sender.waitForAnswers(accepted, PER_SECOND);

    const ledger = await settle(sender, readers);
    expect(ledger).toMatchObject({ lost: [], shownTwice: [] });
    expect(ledger.refused).toBeGreaterThan(0);
  });
});
