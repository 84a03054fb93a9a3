import { exactTime, relativeTime } from './time-format';

describe('time formatting', () => {
  const now = Date.UTC(2026, 10, 28, 12, 0, 0);
  const at = (offsetMs: number) => new Date(now + offsetMs).toISOString();

  it.each([
    [-30_000, 'en', 'now'],
    [-5 * 60_000, 'en', '5 minutes ago'],
    [2 * 3_600_000 + 60_000, 'en', 'in 2 hours'],
    [-86_400_000, 'en', 'yesterday'],
    [-5 * 60_000, 'it', '5 minuti fa'],
    [3 * 86_400_000, 'it', 'tra 3 giorni'],
  ])('says %i ms from now in %s as %j', (offset, locale, expected) => {
    expect(relativeTime(at(offset), now, locale)).toBe(expected);
  });

  it('writes the exact time in the reader locale', () => {
    expect(exactTime(at(0), 'en-GB')).toContain('28 Nov 2026');
    expect(exactTime(at(0), 'it-IT')).toContain('28 nov 2026');
  });
});
