import { createHmac } from 'node:crypto';
import { ConsoleLogger, ConsoleLoggerOptions, LogLevel } from '@nestjs/common';
import { inboxQueueName } from '../broker/inbox-topology';

/** A person's queue name wherever it appears in a line: `prontogram.inbox.<username>`. */
const QUEUE_NAME = new RegExp(`${inboxQueueName('').replace(/\./g, '\\.')}([A-Za-z0-9._@-]+)`, 'g');

/**
 * Nest's console logger, with people's names hashed where `LOG_RECEIVERS=hashed`. The API
 * names a person in its logs only through their queue name (and so do RabbitMQ's own error
 * messages), so replacing each queue name's username by a keyed hash of it (HMAC-SHA256 with
 * `LOG_HASH_SECRET`, 16 hex digits) covers every line, whoever wrote it. The same person
 * gets the same hash on every instance, so lines still correlate; without the secret,
 * hashing guesses finds nobody. Message bodies are never logged at all.
 */
export class PrivateLogger extends ConsoleLogger {
  constructor(
    options: ConsoleLoggerOptions,
    private readonly hashSecret: string | undefined,
  ) {
    super(options);
  }

  /** The username as logs show it: itself, or its hash. */
  static hashed(username: string, secret: string): string {
    return `#${createHmac('sha256', secret).update(username).digest('hex').slice(0, 16)}`;
  }

  protected override formatMessage(
    logLevel: LogLevel,
    message: unknown,
    pidMessage: string,
    formattedLogLevel: string,
    contextMessage: string,
    timestampDiff: string,
  ): string {
    return this.redact(
      super.formatMessage(
        logLevel,
        message,
        pidMessage,
        formattedLogLevel,
        contextMessage,
        timestampDiff,
      ),
    );
  }

  protected override printStackTrace(stack: string): void {
    super.printStackTrace(this.redact(stack));
  }

  private redact(line: string): string {
    const secret = this.hashSecret;
    if (secret === undefined) return line;
    return line.replace(QUEUE_NAME, (_match, username: string) =>
      inboxQueueName(PrivateLogger.hashed(username, secret)),
    );
  }
}
