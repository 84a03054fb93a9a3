import * as path from 'node:path';
import { plainToInstance, Type } from 'class-transformer';
import {
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

/** Nest's log levels, most severe first: a level also enables those before it. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

/**
 * Every setting of the API, read from the environment once, at start-up, and validated.
 * Nothing else in the API reads `process.env`.
 */
export class Environment {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
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
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MESSAGE_LIMITS.ttlSecondsCeiling)
  MESSAGE_TTL_DEFAULT_SECONDS = 24 * 60 * 60;

  /** The longest lifetime a sender may ask for; longer requests are shortened to it. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MESSAGE_LIMITS.ttlSecondsCeiling)
  MESSAGE_TTL_MAX_SECONDS = 7 * 24 * 60 * 60;

  /** Largest accepted HTTP request body; larger ones get 413. */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(10 * 1024 * 1024)
  HTTP_BODY_LIMIT_BYTES = 64 * 1024;

  /** How long a POST waits for RabbitMQ to confirm a message before answering 503. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(60_000)
  PUBLISH_CONFIRM_TIMEOUT_MS = 5000;

  /** The Retry-After a 503 carries while RabbitMQ is away. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3600)
  RETRY_AFTER_SECONDS = 5;

  /** Messages one user's consumer holds unreported at most: memory stays flat whatever the backlog. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  INBOX_PREFETCH = 200;

  /**
   * How long a delivered message may stay unreported before it returns to its queue. Well
   * below RabbitMQ's consumer_timeout (30 minutes), which would close a whole shared channel.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(25 * 60)
  REPORT_TIMEOUT_SECONDS = 5 * 60;

  /** Idempotency-Keys remembered (each until its message expires); the least recently used go first. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  IDEMPOTENCY_KEYS_REMEMBERED = 100_000;

  /** Displayed message ids remembered, so that a second copy is acked unseen. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  DISPLAYED_IDS_REMEMBERED = 100_000;

  /** Users whose consumers share one AMQP channel. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5000)
  INBOX_CONSUMERS_PER_CHANNEL = 200;

  /** The built page the API serves on its own port; by default the one next to the API build. */
  @IsString()
  @IsNotEmpty()
  WEB_ROOT = path.resolve(__dirname, '..', '..', 'web', 'browser');

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevelName = 'log';
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
  if (environment.MESSAGE_TTL_DEFAULT_SECONDS > environment.MESSAGE_TTL_MAX_SECONDS) {
    throw new Error(
      'Invalid configuration:\n  MESSAGE_TTL_DEFAULT_SECONDS must not exceed MESSAGE_TTL_MAX_SECONDS',
    );
  }
  return environment;
}

/** The broker URLs in `RABBITMQ_URL`, in the order they are tried. */
export function rabbitmqUrls(setting: string): string[] {
  return setting.split(',').map((url) => url.trim());
}
