/**
 * The broker's own limit for ingestion: amqplib publishing the same persistent messages
 * with confirms, `concurrency` in flight, no HTTP at all. Run as a process of its own; it
 * prints one JSON line of results. Arguments: concurrency, seconds, receivers (comma list).
 */
import * as amqp from 'amqplib';
import { LatencyHistogram } from './histogram';
import { offerBody } from './messages';
import { declareInbox, publishConfirmed, storedMessage } from './stored-message';
import { RABBITMQ_URL } from './topology';

async function main(): Promise<void> {
  const [concurrency, seconds, receiverList] = process.argv.slice(2);
  const receivers = receiverList.split(',');
  const connection = await amqp.connect(RABBITMQ_URL, { noDelay: true });
  const channel = await connection.createConfirmChannel();
  for (const receiver of receivers) await declareInbox(channel, receiver);
  const latency = new LatencyHistogram();
  const deadline = Date.now() + Number(seconds) * 1000;
  let sent = 0;
  const publishOne = async (): Promise<void> => {
    const receiver = receivers[sent++ % receivers.length];
    const message = storedMessage({ sender: 'ACMESky', receiver, body: offerBody(`R${sent}`) });
    const started = performance.now();
    try {
      await publishConfirmed(channel, message);
    } finally {
      latency.recordMs(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Number(concurrency) }, async () => {
      while (Date.now() < deadline) await publishOne();
    }),
  );
  const elapsedSeconds = (performance.now() - started) / 1000;
  await connection.close();
  console.log(
    JSON.stringify({ requests: latency.count, elapsedSeconds, latency: latency.summary() }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
