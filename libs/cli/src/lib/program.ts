import { Command, CommanderError } from 'commander';
import type { CliContext } from './cli-context';
import { EXIT, EXIT_CODES_HELP, exitCodeFor } from './exit-codes';
import { inboxCommand } from './inbox-command';
import { sendCommand } from './send-command';
import { terminalSafe } from './terminal-text';

/** `prontogram` with its commands, writing through `context` and throwing instead of exiting. */
export function buildProgram(context: CliContext): Command {
  const program = new Command('prontogram')
    .description('Send ProntoGram messages, and see what waits for a person.')
    .version(context.version)
    .addHelpText('after', EXIT_CODES_HELP)
    .configureOutput({
      writeOut: (text) => context.out(text),
      writeErr: (text) => context.err(text),
      outputError: (text, write) => write(`prontogram: ${text}`),
    })
    .exitOverride();
  for (const command of [sendCommand(context), inboxCommand(context)]) {
    // Subcommands made apart from the program inherit its settings only when added.
    program.addCommand(
      command
        .configureOutput(program.configureOutput())
        .exitOverride()
        .addHelpText('after', EXIT_CODES_HELP),
    );
  }
  return program;
}

/** Runs the command line `args` (without `node` and the script) and gives its exit code. */
export async function run(args: readonly string[], context: CliContext): Promise<number> {
  try {
    await buildProgram(context).parseAsync([...args], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    // Commander has said what was wrong; everything else gets one line here.
    if (!(error instanceof CommanderError)) {
      context.err(`prontogram: ${terminalSafe(describe(error))}\n`);
    }
    return exitCodeFor(error);
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return `unexpected error: ${String(error)}`;
  const expected = exitCodeFor(error) !== EXIT.unexpected;
  return expected ? error.message : `unexpected error: ${error.message}`;
}
