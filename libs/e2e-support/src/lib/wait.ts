/**
 * Polls `probe` until it returns a value `accept` agrees with, or fails after `timeoutMs`
 * with the last value seen. Tests wait for conditions, never for fixed times.
 */
export async function waitFor<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  { timeoutMs = 15_000, intervalMs = 100, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (accept(last)) return last;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(
    `Timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}` +
      (lastError ? `; last error: ${String(lastError)}` : ''),
  );
}

/** A username no other test (or earlier run) uses. */
export function uniqueUsername(label: string): string {
  return `e2e-${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
