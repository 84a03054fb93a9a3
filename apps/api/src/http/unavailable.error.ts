/** A service the API depends on is away: the client should retry later (503, Retry-After). */
export abstract class UnavailableError extends Error {
  /** What the client is told; the error's own message, with details, goes to the log. */
  abstract readonly publicMessage: string;
}
