import { createHmac } from 'node:crypto';
import type { Params } from 'nestjs-pino';
import pino, { type DestinationStream, type Level, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';
import { inboxQueueName } from '../broker/inbox-topology';
import type { Environment, LogLevelName } from '../config/environment';

/** Nest's level names, as pino calls them. */
const PINO_LEVELS: Record<LogLevelName, Level> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/** pino's number for `info`. */
const INFO = 30;

/**
 * Nest's and golevelup's start-up chatter (a line per module, route and handler): `debug`,
 * so that a start says in a few lines what matters and ends with the URL.
 */
const START_UP_CHATTER = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'WebSocketsController',
  'NestApplication',
  'RabbitMQModule',
  'AmqpConnection',
]);

/** A person's queue name wherever it appears in a line: `prontogram.inbox.<username>`. */
const QUEUE_NAME = new RegExp(`${inboxQueueName('').replace(/\./g, '\\.')}([A-Za-z0-9._@-]+)`, 'g');

type LogSettings = Pick<
  Environment,
  'LOG_LEVEL' | 'LOG_FORMAT' | 'LOG_RECEIVERS' | 'LOG_HASH_SECRET' | 'NODE_ENV'
>;

/**
 * The API's logs, with pino through nestjs-pino: JSON lines in production, pretty ones in
 * development (`LOG_FORMAT`). Each request ends with one line that carries its id (Fastify's
 * `request.id`, see `request-id.ts` and `request-log.ts`), as do the lines logged about it. A
 * message keeps the id of the POST that sent it, so its ack can be found from its POST.
 *
 * Lines name a person only through their queue name; with `LOG_RECEIVERS=hashed` each such
 * name is replaced by a keyed hash of the username, whoever wrote the line. Message bodies
 * and request headers (sender keys) are never logged.
 */
export function logParams(settings: LogSettings): Params {
  const hashSecret = settings.LOG_RECEIVERS === 'hashed' ? settings.LOG_HASH_SECRET : undefined;
  const redact = (text: string): string =>
    hashSecret === undefined
      ? text
      : text.replace(QUEUE_NAME, (_match, username: string) =>
          inboxQueueName(hashedUsername(username, hashSecret)),
        );
  const options: LoggerOptions = {
    level: PINO_LEVELS[settings.LOG_LEVEL],
    serializers: {
      err: (error: Error) => {
        const serialized = pino.stdSerializers.err(error);
        return {
          ...serialized,
          message: redact(serialized.message),
          stack: redact(serialized.stack),
        };
      },
    },
    hooks: {
      // A line's text is either a string argument or the `msg` of its object (Nest's logger
      // passes one that way): both are redacted.
      logMethod(args, method, level) {
        const context = (args[0] as { context?: unknown } | null)?.context;
        if (level === INFO && typeof context === 'string' && START_UP_CHATTER.has(context)) {
          return this.debug(...(args as Parameters<typeof method>));
        }
        const redacted = args.map((arg: unknown) => {
          if (typeof arg === 'string') return redact(arg);
          const fields = arg as { msg?: unknown } | null;
          return typeof fields?.msg === 'string' ? { ...fields, msg: redact(fields.msg) } : arg;
        });
        method.apply(this, redacted as Parameters<typeof method>);
      },
    },
    formatters: {
      // JSON lines say "level":"info" rather than pino's numbers, for people and log tools.
      level: (label) => ({ level: label }),
    },
  };
  const format =
    settings.LOG_FORMAT === 'auto'
      ? settings.NODE_ENV === 'production'
        ? 'json'
        : 'pretty'
      : settings.LOG_FORMAT;
  const destination: DestinationStream =
    format === 'pretty'
      ? pretty({
          sync: true,
          singleLine: true,
          messageFormat: '{if reqId}[{reqId}] {end}{if context}{context}: {end}{msg}',
          ignore: 'pid,hostname,reqId,context,req,res,responseTime',
        })
      : pino.destination({ sync: false });
  return {
    pinoHttp: { logger: pino(options, destination) },
    // No request middleware: pino-http's needs AsyncLocalStorage, whose promise hooks cost
    // Node 20 40% more CPU per request on POST /messages (docs/performance.md). Requests
    // are logged by `logRequests` instead, and lines about a request carry its id themselves.
    forRoutes: [],
  };
}

/** The username as logs show it under `LOG_RECEIVERS=hashed`. */
export function hashedUsername(username: string, secret: string): string {
  return `#${createHmac('sha256', secret).update(username).digest('hex').slice(0, 16)}`;
}
