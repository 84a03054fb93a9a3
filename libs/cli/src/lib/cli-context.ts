/** What the commands get from outside, so that tests can run them without a process. */
export interface CliContext {
  env: Record<string, string | undefined>;
  out(text: string): void;
  err(text: string): void;
  readFile(path: string): Promise<string>;
  version: string;
}

export const DEFAULT_URL = 'http://localhost:3000';
