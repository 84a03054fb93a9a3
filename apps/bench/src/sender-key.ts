/**
 * The bench sends as a production sender does: with a sender key, through the key check and
 * the rate limits. Its limits are set far above what it can reach, so that it measures the
 * cost of the checks, not the limits themselves. The key is public: it is only for the bench.
 */
const BENCH_KEY = 'pg_bench-only-key-not-a-secret';
const BENCH_KEY_SHA256 = '08248ef02e14c9b18688197efe81aaa328a94a15d7c9ea2a1af5c97ad88b4128';

/** The header each POST of the bench carries. */
export const BENCH_AUTHORIZATION = { authorization: `Bearer ${BENCH_KEY}` };

/** The API's environment in the bench. */
export const BENCH_API_ENV: Record<string, string> = {
  LOG_LEVEL: 'warn',
  SENDER_KEYS: JSON.stringify([{ name: 'bench', senders: ['ACMESky'], sha256: BENCH_KEY_SHA256 }]),
  RATE_LIMIT_SEND_PER_KEY: '100000000/1s',
  RATE_LIMIT_SEND_PER_IP: '100000000/1s',
  RATE_LIMIT_CONNECT_PER_IP: '100000000/1m',
  RATE_LIMIT_SOCKET_EVENTS: '100000000/1s',
  MAX_SESSIONS_PER_USERNAME: '10000',
};
