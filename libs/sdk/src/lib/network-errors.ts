/**
 * Failures that say nothing about the request, only that the way to the API was broken for
 * a moment: worth another attempt. Node's fetch names them in the `code` of its error's cause.
 */
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENETDOWN',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/**
 * Whether a fetch that threw may succeed if tried again. A browser's fetch says only "failed"
 * (no code): then yes, within the retry policy's bounds. An unknown host or a bad certificate
 * (a code not listed) will not mend by itself.
 */
export function isTransientNetworkError(error: unknown): boolean {
  const code = errorCode(error);
  return code === undefined || TRANSIENT_CODES.has(code);
}

/** The fetch failure in one readable line: "no answer from <url>: connect ECONNREFUSED …". */
export function networkError(url: string, error: unknown): Error {
  // Read by shape: errors from another realm (a test sandbox, say) fail `instanceof Error`.
  const { message, cause } = (error ?? {}) as { message?: unknown; cause?: { message?: unknown } };
  const detail = typeof cause?.message === 'string' ? cause.message : String(message);
  return new Error(`no answer from ${url}: ${detail}`, { cause: error });
}

/** The first `code` along the chain of causes. */
function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
