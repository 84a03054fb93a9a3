/** Where the API answers Prometheus's scrapes. */
export const METRICS_ROUTE = '/metrics';

/**
 * Paths that belong to the API: the API serves the page for every other GET, and the page's
 * dev server forwards these to the API.
 */
export const API_ROUTE_PREFIXES = [
  '/api',
  '/messages',
  '/sign-in-links',
  '/health',
  '/push',
  METRICS_ROUTE,
  '/socket.io',
] as const;
