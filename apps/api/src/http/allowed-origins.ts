import type { IncomingHttpHeaders } from 'node:http';

/**
 * Which web pages may talk to the API: the page's own origin always, and those listed in
 * `ALLOWED_ORIGINS`. A browser sends `Origin` with every WebSocket and cross-site request;
 * a request without one comes from a program, not a page another site serves, and passes.
 */
export class AllowedOrigins {
  private readonly listed: Set<string>;

  constructor(setting: string) {
    this.listed = new Set(
      setting
        .split(',')
        .map((origin) => origin.trim().toLowerCase())
        .filter((origin) => origin !== ''),
    );
  }

  /** The origins listed in the configuration, for CORS. */
  get extra(): string[] {
    return [...this.listed];
  }

  /**
   * Whether a request with these headers comes from an allowed page. Same origin means the
   * same host and port as the request's own `Host` (a proxy in front must pass it on).
   */
  allows(headers: IncomingHttpHeaders): boolean {
    const origin = headers.origin?.toLowerCase();
    if (origin === undefined) return true;
    if (this.listed.has(origin)) return true;
    try {
      return new URL(origin).host === headers.host?.toLowerCase();
    } catch {
      return false; // "null", or anything else that is not an origin
    }
  }
}
