import { ProntoGramClient } from '@prontogram/sdk';
import { Command } from 'commander';
import type { CliContext } from './cli-context';
import { UsageError } from './exit-codes';
import {
  baseUrlOf,
  type ConnectionOptions,
  positiveInteger,
  withConnectionOptions,
} from './options';
import { terminalSafe, terminalSafeJson } from './terminal-text';

interface SendOptions extends ConnectionOptions {
  to: string;
  from?: string;
  ttl?: number;
  idempotencyKey?: string;
  keyFile?: string;
  retryFor: number;
}

export function sendCommand(context: CliContext): Command {
  const command = new Command('send')
    .summary('send a message, print its id')
    .description(
      'Send a message. Prints its id once RabbitMQ has stored it; retries while ProntoGram is ' +
        'unavailable or busy, with the same Idempotency-Key, so it arrives once.',
    )
    .argument('<text>', 'the message body')
    .requiredOption('--to <username>', 'the receiver')
    .option('--from <sender>', 'the sender name (default: $PRONTOGRAM_SENDER)')
    .option('--ttl <seconds>', 'how long the message may wait to be read', positiveInteger)
    .option(
      '--idempotency-key <key>',
      'the same key for each retry of this message (default: a new UUID)',
    )
    .option('--key-file <path>', 'read the sender key from this file (default: $PRONTOGRAM_KEY)')
    .option('--retry-for <seconds>', 'give up retrying after this long', positiveInteger, 30);
  return withConnectionOptions(command).action(async (text: string, options: SendOptions) => {
    const sender = options.from ?? context.env['PRONTOGRAM_SENDER'];
    if (!sender) throw new UsageError('no sender: give --from <sender> or set PRONTOGRAM_SENDER');
    const client = new ProntoGramClient({
      baseUrl: baseUrlOf(options, context),
      key: await senderKey(options, context),
      retry: { maxTotalMs: options.retryFor * 1000 },
    });
    const accepted = await client.send(
      { sender, receiver: options.to, body: text, ...(options.ttl && { ttlSeconds: options.ttl }) },
      { idempotencyKey: options.idempotencyKey },
    );
    context.out(
      options.json ? `${terminalSafeJson(accepted)}\n` : `${terminalSafe(accepted.id)}\n`,
    );
  });
}

/**
 * The key from `--key-file`, else `PRONTOGRAM_KEY`: never from a flag, which shell history and
 * the process list would show to others.
 */
async function senderKey(options: SendOptions, context: CliContext): Promise<string | undefined> {
  if (options.keyFile === undefined) return context.env['PRONTOGRAM_KEY'] || undefined;
  let key: string;
  try {
    key = (await context.readFile(options.keyFile)).trim();
  } catch (error) {
    throw new UsageError(`cannot read the key file: ${(error as Error).message}`);
  }
  if (!key) throw new UsageError(`the key file ${options.keyFile} is empty`);
  return key;
}
