/** What a refusal for going over a limit tells the client. */
export interface LimitExceeded {
  /** Which limit, in words: "POSTs from this sender key". */
  what: string;
  /** Whole seconds until the client may try again. */
  retryAfterSeconds: number;
}

/** "too many POSTs from this sender key: at most 1000 per 1s; retry in 1 s" */
export function describeLimitExceeded(
  { what, retryAfterSeconds }: LimitExceeded,
  rate: string,
): string {
  return `too many ${what}: at most ${rate.replace('/', ' per ')}; retry in ${retryAfterSeconds} s`;
}
