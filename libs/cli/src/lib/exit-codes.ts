import { ProntoGramError, ProntoGramUnavailableError } from '@prontogram/sdk';
import { CommanderError } from 'commander';

/** What a script can tell from `prontogram`'s exit code (listed in `--help` and the README). */
export const EXIT = {
  ok: 0,
  /** A bug, or an answer this CLI does not understand (a 500, say). */
  unexpected: 1,
  /** The command line itself is wrong: nothing was sent. */
  usage: 2,
  /** ProntoGram answered no (a 4xx but 429, or a refused sign-in): the same again won't do. */
  refused: 3,
  /** ProntoGram could not take it now (unreachable, 503, 429) even after retrying: try later. */
  unavailable: 4,
} as const;

export const EXIT_CODES_HELP = `
Exit codes:
  0  done
  1  unexpected error
  2  usage error: nothing was sent
  3  refused by ProntoGram (400, 401, 403, 409 inbox-full, 413, 422..., or a refused sign-in)
  4  unavailable: unreachable, or 503 or 429 until --retry-for ran out; try again later`;

/** A command line that cannot be run as given. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function exitCodeFor(error: unknown): number {
  // Commander has printed its own message; `--help` and `--version` end this way too.
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (error instanceof UsageError) return EXIT.usage;
  if (error instanceof ProntoGramUnavailableError) return EXIT.unavailable;
  if (error instanceof ProntoGramError) {
    // The socket's own rate limit is a 429 by another name.
    if (error.code === 'rate-limited') return EXIT.unavailable;
    return error.status === undefined || error.status < 500 ? EXIT.refused : EXIT.unexpected;
  }
  return EXIT.unexpected;
}
