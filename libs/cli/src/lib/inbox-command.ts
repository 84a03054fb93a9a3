import { ProntoGramClient } from '@prontogram/sdk';
import { Command } from 'commander';
import type { CliContext } from './cli-context';
import { inboxListing } from './inbox-listing';
import {
  baseUrlOf,
  type ConnectionOptions,
  positiveInteger,
  withConnectionOptions,
} from './options';
import { terminalSafeJson } from './terminal-text';

interface InboxOptions extends ConnectionOptions {
  token?: string;
  quietMs: number;
}

export function inboxCommand(context: CliContext): Command {
  const command = new Command('inbox')
    .summary('print what waits for a person, without deleting it')
    .description(
      'Print what waits for a person, oldest first, without deleting it: connects as a ' +
        'reader, never reports a message displayed, and disconnects once no new batch came ' +
        'for --quiet-ms, which puts every message back in its place.',
    )
    .argument('<username>', 'whose messages')
    .option('--token <token>', 'a sign-in link token, where ProntoGram asks for links')
    .option(
      '--quiet-ms <ms>',
      'how long without a new batch ends the listing',
      positiveInteger,
      1000,
    );
  return withConnectionOptions(command).action(async (username: string, options: InboxOptions) => {
    const client = new ProntoGramClient({ baseUrl: baseUrlOf(options, context) });
    const waiting = await client.peekInbox(username, {
      token: options.token,
      quietMs: options.quietMs,
    });
    context.out(options.json ? `${terminalSafeJson(waiting)}\n` : inboxListing(username, waiting));
  });
}
