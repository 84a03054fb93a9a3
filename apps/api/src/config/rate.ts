/** A rate as the configuration writes it: `<count>/<window>`, such as `100/1s` or `30/1m`. */
export const RATE_PATTERN = /^(\d+)\/(\d+)(ms|s|m|h)$/;

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** At most `limit` events in each `windowMs`. */
export interface Rate {
  limit: number;
  windowMs: number;
}

/** Reads a setting that the configuration has already checked against `RATE_PATTERN`. */
export function parseRate(setting: string): Rate {
  const match = RATE_PATTERN.exec(setting);
  if (!match) throw new Error(`"${setting}" is not a rate such as 100/1s`);
  const [, limit, amount, unit] = match;
  return { limit: Number(limit), windowMs: Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS] };
}
