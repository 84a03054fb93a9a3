import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';

/** Whether the hop at `address` is a proxy of ours, whose X-Forwarded-For is to be believed. */
export type TrustProxy = (address: string, hop: number) => boolean;

/**
 * Reads `TRUST_PROXY`: `false` (the default: the peer is the client), `true` (believe every
 * X-Forwarded-For: only where nothing but the proxy can reach the API), or the proxies'
 * addresses and CIDR ranges separated by commas (`loopback`, `10.0.0.0/8`...). Throws on an
 * address that is not one. The same function serves Fastify and the socket handshake.
 */
export function trustProxyFrom(setting: string): TrustProxy {
  if (setting === 'false') return () => false;
  if (setting === 'true') return () => true;
  return proxyAddr.compile(setting.split(',').map((entry) => entry.trim()));
}

/** The client's address, as the trusted proxies in front of us report it. */
export function clientAddress(
  headers: IncomingMessage['headers'],
  peerAddress: string,
  trust: TrustProxy,
): string {
  const request = { headers, socket: { remoteAddress: peerAddress } } as IncomingMessage;
  return proxyAddr(request, trust);
}
