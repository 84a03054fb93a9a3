import * as path from 'node:path';
import { applyDecorators } from '@nestjs/common';
import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsString,
  Matches,
  Max,
  Min,
  ValidateIf,
  validateSync,
  ValidationError,
} from 'class-validator';
import { MESSAGE_LIMITS } from '@prontogram/contracts';
import { trustProxyFrom } from '../http/client-address';
import { DURATIONS_PATTERN, RATE_PATTERN } from './rate';
import { parseSenderKeys } from './sender-keys-setting';
import { parseSigningKeys } from './signing-keys-setting';

/** `true` and `false` as words; anything else stays as it is, for the validator to refuse. */
const asBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

/** A whole number from `min` to `max`, given as digits in the environment. */
const IntegerSetting = (min: number, max: number): PropertyDecorator =>
  applyDecorators(
    Type(() => Number),
    IsInt(),
    Min(min),
    Max(max),
  );

const RATE_RULE = {
  message: '$property must be <count>/<window>, the window in ms, s, m or h: 100/1s, 30/1m',
};

/** Nest's log levels, most severe first: a level also enables those before it. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

/**
 * Every setting of the API, read from the environment once, at start-up, and validated.
 * Nothing else in the API reads `process.env`.
 */
export class Environment {
  @IntegerSetting(0, 65535)
  PORT = 3000;

  @IsString()
  @IsNotEmpty()
  HOST = '0.0.0.0';

  /**
   * One broker, or the nodes of a RabbitMQ cluster separated by commas: the API connects to
   * the first that answers, and to another when that one goes away.
   */
  @IsString()
  @Matches(/^amqps?:\/\/[^\s,]+(\s*,\s*amqps?:\/\/[^\s,]+)*$/, {
    message: 'RABBITMQ_URL must be an amqp:// or amqps:// URL, or several separated by commas',
  })
  RABBITMQ_URL = 'amqp://guest:guest@127.0.0.1:5672';

  /**
   * Unset: one instance, no Redis. Set: instances share pages through Redis (Socket.IO's
   * Redis adapter), so that any number of them can run behind a load balancer.
   */
  @ValidateIf((environment: Environment) => environment.REDIS_URL !== '')
  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL = '';

  /** Lifetime of a message whose sender asks for none. */
  @IntegerSetting(1, MESSAGE_LIMITS.ttlSecondsCeiling)
  MESSAGE_TTL_DEFAULT_SECONDS = 24 * 60 * 60;

  /** The longest lifetime a sender may ask for; longer requests are shortened to it. */
  @IntegerSetting(1, MESSAGE_LIMITS.ttlSecondsCeiling)
  MESSAGE_TTL_MAX_SECONDS = 7 * 24 * 60 * 60;

  /** Largest accepted HTTP request body; larger ones get 413. */
  @IntegerSetting(1024, 10 * 1024 * 1024)
  HTTP_BODY_LIMIT_BYTES = 64 * 1024;

  /** How long a POST waits for RabbitMQ to confirm a message before answering 503. */
  @IntegerSetting(100, 60_000)
  PUBLISH_CONFIRM_TIMEOUT_MS = 5000;

  /** The Retry-After a 503 carries while RabbitMQ is away. */
  @IntegerSetting(1, 3600)
  RETRY_AFTER_SECONDS = 5;

  /** Messages one user's consumer holds unreported at most: memory stays flat whatever the backlog. */
  @IntegerSetting(1, 10_000)
  INBOX_PREFETCH = 200;

  /**
   * How long a delivered message may stay unreported before it returns to its queue. Well
   * below RabbitMQ's consumer_timeout (30 minutes), which would close a whole shared channel.
   */
  @IntegerSetting(1, 25 * 60)
  REPORT_TIMEOUT_SECONDS = 5 * 60;

  /** Idempotency-Keys remembered (each until its message expires); the least recently used go first. */
  @IntegerSetting(1, 10_000_000)
  IDEMPOTENCY_KEYS_REMEMBERED = 100_000;

  /** Displayed message ids remembered, so that a second copy is acked unseen. */
  @IntegerSetting(1, 10_000_000)
  DISPLAYED_IDS_REMEMBERED = 100_000;

  /** Users whose consumers share one AMQP channel. */
  @IntegerSetting(1, 5000)
  INBOX_CONSUMERS_PER_CHANNEL = 200;

  /** The built page the API serves on its own port; by default the one next to the API build. */
  @IsString()
  @IsNotEmpty()
  WEB_ROOT = path.resolve(__dirname, '..', '..', 'web', 'browser');

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevelName = 'log';

  /** `json` lines for log tools, or `pretty` ones for people; `auto`: `json` in production. */
  @IsIn(['auto', 'json', 'pretty'])
  LOG_FORMAT: 'auto' | 'json' | 'pretty' = 'auto';

  /** `hashed`: logs name a receiver by a keyed hash of the username, never by the name. */
  @IsIn(['plain', 'hashed'])
  LOG_RECEIVERS: 'plain' | 'hashed' = 'plain';

  /** The HMAC key of `LOG_RECEIVERS=hashed`: the same on every instance, kept secret. */
  @ValidateIf((environment: Environment) => environment.LOG_RECEIVERS === 'hashed')
  @IsString()
  @Matches(/^.{16,}$/, { message: 'LOG_HASH_SECRET needs 16 characters or more' })
  LOG_HASH_SECRET = '';

  /** `production` refuses to start with anonymous sending, unless it is asked for. */
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  /**
   * The keys senders present as `Authorization: Bearer <key>`, as a JSON array of
   * `{ "name", "senders": [...], "sha256" }`: only hashes, never the keys themselves.
   */
  @IsString()
  SENDER_KEYS = '';

  /** Lets requests without a key send, under sender names no key claims. */
  @Transform(asBoolean)
  @IsBoolean()
  ALLOW_ANONYMOUS_SENDERS = false;

  /**
   * Behind a load balancer, whose X-Forwarded-For to believe for the client's address:
   * `false`, `true`, or the proxies' addresses and CIDR ranges separated by commas.
   */
  @IsString()
  TRUST_PROXY = 'false';

  /** Origins, besides the page's own, whose pages may open a socket or call the API. */
  @IsString()
  @Matches(/^(https?:\/\/[^\s,/]+(\s*,\s*https?:\/\/[^\s,/]+)*)?$/, {
    message: 'ALLOWED_ORIGINS must be origins (https://host[:port]) separated by commas',
  })
  ALLOWED_ORIGINS = '';

  /** POSTs one sender key may make. */
  @Matches(RATE_PATTERN, RATE_RULE)
  RATE_LIMIT_SEND_PER_KEY = '1000/1s';

  /** POSTs one client address may make, whatever its key. */
  @Matches(RATE_PATTERN, RATE_RULE)
  RATE_LIMIT_SEND_PER_IP = '1000/1s';

  /** Sockets one client address may open. */
  @Matches(RATE_PATTERN, RATE_RULE)
  RATE_LIMIT_CONNECT_PER_IP = '60/1m';

  /** Events one socket may send. */
  @Matches(RATE_PATTERN, RATE_RULE)
  RATE_LIMIT_SOCKET_EVENTS = '100/10s';

  /** Pages one person may have open at once, over every instance. */
  @IntegerSetting(1, 10_000)
  MAX_SESSIONS_PER_USERNAME = 20;

  /** Messages one person's queue holds at most; past it, POST answers 409 "inbox full". */
  @IntegerSetting(1, 10_000_000)
  INBOX_MAX_MESSAGES = 10_000;

  /**
   * The waits before each new try of a receipt whose webhook failed, separated by commas;
   * the last repeats. Each is a RabbitMQ queue of its own (docs/receipts.md).
   */
  @Matches(DURATIONS_PATTERN, {
    message: 'RECEIPT_RETRY_DELAYS must be durations separated by commas: 10s,1m,10m,1h',
  })
  RECEIPT_RETRY_DELAYS = '10s,1m,10m,1h';

  /** How long a receipt is tried before it is parked for an operator to look at. */
  @IntegerSetting(1, 30 * 24 * 60 * 60)
  RECEIPT_RETRY_FOR_SECONDS = 24 * 60 * 60;

  /** How long one call of a webhook may take. */
  @IntegerSetting(100, 60_000)
  RECEIPT_TIMEOUT_MS = 10_000;

  /** Webhook calls one instance makes at once. */
  @IntegerSetting(1, 1000)
  RECEIPT_CONCURRENCY = 16;

  /**
   * Web Push (README: "Notifications"): the VAPID key pair pushes are signed with, both in
   * base64url; `node scripts/keys.mjs vapid` makes one. Unset: no push.
   */
  @ValidateIf((environment: Environment) => environment.VAPID_PUBLIC_KEY !== '')
  @Matches(/^[A-Za-z0-9_-]{87}$/, {
    message: 'VAPID_PUBLIC_KEY must be a P-256 public key in base64url (87 characters)',
  })
  VAPID_PUBLIC_KEY = '';

  @ValidateIf((environment: Environment) => environment.VAPID_PRIVATE_KEY !== '')
  @Matches(/^[A-Za-z0-9_-]{43}$/, {
    message: 'VAPID_PRIVATE_KEY must be a P-256 private key in base64url (43 characters)',
  })
  VAPID_PRIVATE_KEY = '';

  /** Who runs this server, for push services to contact: `mailto:` or an `https:` URL. */
  @Matches(/^(mailto:\S+@\S+|https:\/\/\S+)$/, {
    message: 'VAPID_SUBJECT must be a mailto: address or an https:// URL',
  })
  VAPID_SUBJECT = 'mailto:admin@prontogram.invalid';

  /** What a push shows: the sender and the start of the text, the sender only, or neither. */
  @IsIn(['text', 'sender', 'none'])
  PUSH_PREVIEW: 'text' | 'sender' | 'none' = 'text';

  /**
   * The push services the server posts to, as host names separated by commas (`*.` for any
   * subdomain): a subscription elsewhere is refused, so that pages cannot make the server
   * call hosts of their choosing.
   */
  @Matches(/^(\*\.)?[a-z0-9.-]+(\s*,\s*(\*\.)?[a-z0-9.-]+)*$/, {
    message: 'PUSH_SERVICE_HOSTS must be host names separated by commas, *.example.com allowed',
  })
  PUSH_SERVICE_HOSTS =
    'fcm.googleapis.com,*.push.services.mozilla.com,*.notify.windows.com,*.push.apple.com';

  /** Where push subscriptions are kept without `REDIS_URL`: a JSON file that outlives restarts. */
  @IsString()
  @IsNotEmpty()
  PUSH_SUBSCRIPTIONS_FILE = path.resolve('data', 'push-subscriptions.json');

  /** Devices one person may have notified; past it the oldest subscription goes. */
  @IntegerSetting(1, 100)
  PUSH_SUBSCRIPTIONS_PER_USERNAME = 10;

  /**
   * Days a device stays subscribed after its page last handed the subscription over (every
   * visit to the inbox does): the devices of people who stopped coming are forgotten.
   */
  @IntegerSetting(1, 3650)
  PUSH_SUBSCRIPTION_DAYS = 90;

  /**
   * Seconds after a push to a person in which their messages bring no push of their own
   * (the notification shown stands for them); 0 pushes every message. Across instances with
   * REDIS_URL.
   */
  @IntegerSetting(0, 86_400)
  PUSH_MIN_INTERVAL_SECONDS = 30;

  /** Pushes this instance posts to push services at once; more wait their turn. */
  @IntegerSetting(1, 1000)
  PUSH_CONCURRENCY = 16;

  /** `username`: typing a name signs in. `link`: a signed link from a sender is needed. */
  @IsIn(['username', 'link'])
  SIGN_IN_MODE: 'username' | 'link' = 'username';

  /**
   * The keys that sign sign-in links, `<id>:<secret>` separated by commas: the first signs,
   * every one verifies. Each secret is 32 bytes or more, in base64url.
   */
  @IsString()
  SIGN_IN_KEYS = '';

  /** How long a sign-in link can be opened. */
  @IntegerSetting(30, 7 * 24 * 60 * 60)
  SIGN_IN_LINK_TTL_SECONDS = 15 * 60;

  /** How long a page stays signed in through a link, renewed while it stays connected. */
  @IntegerSetting(60, 30 * 24 * 60 * 60)
  SIGN_IN_SESSION_TTL_SECONDS = 12 * 60 * 60;

  /** The address people open, for the links this API hands out; by default the request's. */
  @ValidateIf((environment: Environment) => environment.PUBLIC_URL !== '')
  @Matches(/^https?:\/\/[^\s?#]+$/, { message: 'PUBLIC_URL must be an http(s):// URL' })
  PUBLIC_URL = '';
}

function describe(errors: ValidationError[], raw: Record<string, unknown>): string[] {
  return errors.flatMap((error) =>
    Object.values(error.constraints ?? {}).map(
      (constraint) => `${error.property}=${JSON.stringify(raw[error.property])}: ${constraint}`,
    ),
  );
}

/**
 * The `validate` hook of `ConfigModule.forRoot`: turns the raw environment into a typed
 * `Environment`, or stops start-up with a message naming each bad variable.
 */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const known = Object.keys(new Environment());
  const relevant = Object.fromEntries(
    Object.entries(raw).filter(([key, value]) => known.includes(key) && value !== ''),
  );
  const environment = plainToInstance(Environment, relevant, { exposeDefaultValues: true });
  const errors = validateSync(environment, { skipMissingProperties: false });
  if (errors.length > 0) {
    throw new Error(`Invalid configuration:\n  ${describe(errors, relevant).join('\n  ')}`);
  }
  const problems = crossChecks(environment);
  if (problems.length > 0) throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  return environment;
}

/** Rules that tie settings together; each problem names the variables to change. */
function crossChecks(environment: Environment): string[] {
  const problems: string[] = [];
  const attempt = (check: () => unknown): void => {
    try {
      check();
    } catch (error) {
      problems.push((error as Error).message);
    }
  };
  if (environment.MESSAGE_TTL_DEFAULT_SECONDS > environment.MESSAGE_TTL_MAX_SECONDS) {
    problems.push('MESSAGE_TTL_DEFAULT_SECONDS must not exceed MESSAGE_TTL_MAX_SECONDS');
  }
  attempt(() => {
    const keys = parseSenderKeys(environment.SENDER_KEYS);
    if (
      keys.length === 0 &&
      environment.NODE_ENV === 'production' &&
      !environment.ALLOW_ANONYMOUS_SENDERS
    ) {
      throw new Error(
        'SENDER_KEYS is empty: with NODE_ENV=production anybody could send as anyone. Set ' +
          'SENDER_KEYS (README: "Sender keys"), or ALLOW_ANONYMOUS_SENDERS=true to mean it',
      );
    }
  });
  attempt(() => {
    try {
      trustProxyFrom(environment.TRUST_PROXY);
    } catch (error) {
      throw new Error(`TRUST_PROXY: ${(error as Error).message}`);
    }
  });
  if ((environment.VAPID_PUBLIC_KEY === '') !== (environment.VAPID_PRIVATE_KEY === '')) {
    problems.push('VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY go together: set both, or neither');
  }
  attempt(() => {
    const keys = parseSigningKeys(environment.SIGN_IN_KEYS);
    if (environment.SIGN_IN_MODE === 'link' && keys.length === 0) {
      throw new Error('SIGN_IN_MODE=link needs SIGN_IN_KEYS to sign its links');
    }
  });
  return problems;
}

/** The broker URLs in `RABBITMQ_URL`, in the order they are tried. */
export function rabbitmqUrls(setting: string): string[] {
  return setting.split(',').map((url) => url.trim());
}
