#!/usr/bin/env node
// Parked receipts: those ProntoGram gave up on after RECEIPT_RETRY_FOR_SECONDS
// (docs/receipts.md). Reads RABBITMQ_URL (the first URL, when it lists several).
//
//   node scripts/receipts.mjs list     what is parked: id, sender key, tries, last problem
//   node scripts/receipts.mjs replay   sends every parked receipt to be tried again, afresh
import amqp from 'amqplib';

const PARKED = 'prontogram.receipts.parked';
const EXCHANGE = 'prontogram.receipts';
const ROUTING_KEY = 'receipt';
const url = (process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672').split(',')[0];
const command = process.argv[2];

if (command !== 'list' && command !== 'replay') {
  console.error('usage: node scripts/receipts.mjs list|replay');
  process.exit(2);
}

const connection = await amqp.connect(url.trim());
try {
  const channel = await connection.createConfirmChannel();
  const { messageCount } = await channel.checkQueue(PARKED);
  console.log(`${messageCount} receipt(s) parked in ${PARKED}`);
  // Every message is taken once: those listed go back (nacked) when the channel closes.
  for (let taken = 0; taken < messageCount; taken++) {
    const message = await channel.get(PARKED, { noAck: false });
    if (!message) break;
    const headers = message.properties.headers ?? {};
    const key = headers['x-sender-key'];
    if (command === 'list') {
      console.log(
        `${message.properties.messageId}  key ${key}  ${headers['x-attempts']} tries  ` +
          `first ${new Date(Number(headers['x-first-tried-at'])).toISOString()}  ` +
          `${headers['x-problem']}`,
      );
      continue;
    }
    // Tried afresh: the count and the first try start again.
    channel.publish(EXCHANGE, ROUTING_KEY, message.content, {
      persistent: true,
      messageId: message.properties.messageId,
      contentType: message.properties.contentType,
      type: message.properties.type,
      headers: { 'x-sender-key': key },
    });
    await channel.waitForConfirms();
    channel.ack(message);
  }
  if (command === 'replay') console.log(`Replayed them to ${EXCHANGE}`);
  await channel.close();
} finally {
  await connection.close();
}
