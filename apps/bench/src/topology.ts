/**
 * The RabbitMQ topology the API declares, written again here on purpose: the reference
 * server and the raw publisher must store messages exactly as the API does, and the bench
 * checks the API from outside rather than importing it.
 */
export const INBOX_EXCHANGE = 'prontogram.inbox';
const EXPIRED_EXCHANGE = 'prontogram.expired';
const DEFAULT_MAX_TTL_MS = 7 * 24 * 3600 * 1000;
const LEASE_RENEWAL_MS = 3600 * 1000;
const DEFAULT_INBOX_MAX_MESSAGES = 10_000;

export const INBOX_QUEUE_OPTIONS = {
  durable: true,
  arguments: {
    'x-queue-type': 'classic',
    'x-dead-letter-exchange': EXPIRED_EXCHANGE,
    'x-expires': DEFAULT_MAX_TTL_MS + 2 * LEASE_RENEWAL_MS,
    'x-single-active-consumer': true,
    'x-max-length': DEFAULT_INBOX_MAX_MESSAGES,
    'x-overflow': 'reject-publish',
  },
};

export const RABBITMQ_URL = process.env['RABBITMQ_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';
