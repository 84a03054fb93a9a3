/**
 * The broker's own limit for ingestion: amqplib publishing the same persistent messages
 * with confirms, `concurrency` in flight, no HTTP at all. Run as a process of its own; it
 * prints one JSON line of results. Arguments: concurrency, seconds, receivers (comma list).
 */
import { randomUUID } from 'node:crypto';
import * as amqp from 'amqplib';
import { LatencyHistogram } from './histogram';
import { offerBody } from './messages';
import { INBOX_EXCHANGE, INBOX_QUEUE_OPTIONS, RABBITMQ_URL } from './topology';

const TTL_MS = 24 * 3600 * 1000;

async function main(): Promise<void> {
  const [concurrency, seconds, receiverList] = process.argv.slice(2);
  const receivers = receiverList.split(',');
  const connection = await amqp.connect(RABBITMQ_URL, { noDelay: true });
  const channel = await connection.createConfirmChannel();
  for (const receiver of receivers) {
    const queue = `${INBOX_EXCHANGE}.${receiver}`;
    await channel.assertQueue(queue, INBOX_QUEUE_OPTIONS);
    await channel.bindQueue(queue, INBOX_EXCHANGE, receiver);
  }
  const latency = new LatencyHistogram();
  const deadline = Date.now() + Number(seconds) * 1000;
  let sent = 0;
  const publishOne = (): Promise<void> => {
    const receiver = receivers[sent++ % receivers.length];
    const now = Date.now();
    const message = {
      id: randomUUID(),
      sender: 'ACMESky',
      receiver,
      body: offerBody(`R${sent}`),
      sentAt: new Date(now).toISOString(),
      expiresAt: new Date(now + TTL_MS).toISOString(),
    };
    const started = performance.now();
    return new Promise((resolve, reject) =>
      channel.publish(
        INBOX_EXCHANGE,
        receiver,
        Buffer.from(JSON.stringify(message)),
        {
          persistent: true,
          mandatory: true,
          messageId: message.id,
          contentType: 'application/json',
          expiration: String(TTL_MS),
        },
        (error) => {
          latency.recordMs(performance.now() - started);
          if (error) reject(error);
          else resolve();
        },
      ),
    );
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
