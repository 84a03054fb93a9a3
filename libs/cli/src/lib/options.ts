import { Command, InvalidArgumentError } from 'commander';
import type { CliContext } from './cli-context';
import { DEFAULT_URL } from './cli-context';

/** What every command that talks to ProntoGram takes. */
export interface ConnectionOptions {
  url?: string;
  json?: boolean;
}

export function withConnectionOptions(command: Command): Command {
  return command
    .option('--url <url>', `ProntoGram's address (default: $PRONTOGRAM_URL or ${DEFAULT_URL})`)
    .option('--json', 'print the answer as JSON, for scripts');
}

export function baseUrlOf(options: ConnectionOptions, context: CliContext): string {
  return options.url ?? (context.env['PRONTOGRAM_URL'] || DEFAULT_URL);
}

/** Commander's parser for whole numbers of at least 1. */
export function positiveInteger(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new InvalidArgumentError('a whole number of at least 1 is needed.');
  }
  return Number(value);
}
