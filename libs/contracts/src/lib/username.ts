/**
 * The one username rule of ProntoGram, used by the API, the gateway and the page.
 * Usernames are case-insensitive: every comparison and every queue name uses the
 * normalised (lower-case) form.
 */
const USERNAME_MIN_LENGTH = 1;
export const USERNAME_MAX_LENGTH = 64;

/** Letters, digits and `. _ - @`, 1 to 64 of them; both cases accepted before normalising. */
export const USERNAME_PATTERN = /^[A-Za-z0-9._@-]{1,64}$/;

export const USERNAME_RULE_DESCRIPTION =
  'a username is 1 to 64 characters from letters, digits and . _ - @';

export function normaliseUsername(username: string): string {
  return username.toLowerCase();
}

/** What can be wrong with a candidate username, as codes a page can translate. */
export const USERNAME_PROBLEM_CODES = ['not-a-string', 'empty', 'too-long', 'characters'] as const;
export type UsernameProblemCode = (typeof USERNAME_PROBLEM_CODES)[number];

export function isUsernameProblemCode(value: string): value is UsernameProblemCode {
  return (USERNAME_PROBLEM_CODES as readonly string[]).includes(value);
}

export function usernameProblemCode(candidate: unknown): UsernameProblemCode | null {
  if (typeof candidate !== 'string') return 'not-a-string';
  if (candidate.length < USERNAME_MIN_LENGTH) return 'empty';
  if (candidate.length > USERNAME_MAX_LENGTH) return 'too-long';
  if (!USERNAME_PATTERN.test(candidate)) return 'characters';
  return null;
}

const USERNAME_PROBLEMS: Record<UsernameProblemCode, string> = {
  'not-a-string': 'a username must be a string',
  empty: 'a username must not be empty',
  'too-long': `a username must be at most ${USERNAME_MAX_LENGTH} characters long`,
  characters: `${USERNAME_RULE_DESCRIPTION}; no spaces or other symbols`,
};

/** Why `candidate` is not a valid username, in English, or `null` when it is one. */
export function usernameProblem(candidate: unknown): string | null {
  const code = usernameProblemCode(candidate);
  return code === null ? null : USERNAME_PROBLEMS[code];
}
