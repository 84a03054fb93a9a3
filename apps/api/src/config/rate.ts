/** A rate as the configuration writes it: `<count>/<window>`, such as `100/1s` or `30/1m`. */
export const RATE_PATTERN = /^(\d+)\/(\d+)(ms|s|m|h)$/;

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** At most `limit` events in each `windowMs`. */
export interface Rate {
  limit: number;
  windowMs: number;
  /** As the setting wrote it: `100/1s`. */
  setting: string;
}

/** Reads a setting that the configuration has already checked against `RATE_PATTERN`. */
export function parseRate(setting: string): Rate {
  const match = RATE_PATTERN.exec(setting);
  if (!match) throw new Error(`"${setting}" is not a rate such as 100/1s`);
  const [, limit, amount, unit] = match;
  const windowMs = Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
  return { limit: Number(limit), windowMs, setting };
}

/** Durations as the configuration writes them, separated by commas: `10s,1m,10m,1h`. */
export const DURATIONS_PATTERN = /^\d+(ms|s|m|h)(\s*,\s*\d+(ms|s|m|h))*$/;

/** Reads a setting that the configuration has already checked against `DURATIONS_PATTERN`. */
export function parseDurations(setting: string): number[] {
  return setting.split(',').map((duration) => {
    const match = /^(\d+)(ms|s|m|h)$/.exec(duration.trim());
    if (!match) throw new Error(`"${duration}" is not a duration such as 10s`);
    return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  });
}
