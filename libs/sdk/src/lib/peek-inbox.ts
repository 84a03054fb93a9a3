import {
  handshakeRefusalReason,
  type HandshakeRefusal,
  type InboxClientToServerEvents,
  type InboxHandshakeAuth,
  type InboxMessage,
  type InboxServerToClientEvents,
  readInboxMessage,
} from '@prontogram/contracts/wire';
import { io, type Socket } from 'socket.io-client';
import { ProntoGramError, ProntoGramUnavailableError } from './errors';

export interface PeekInboxOptions {
  /** With `SIGN_IN_MODE=link`: the token of a sign-in link for this person. */
  token?: string;
  /**
   * The server says when a batch comes, never that the backlog is over: the peek ends once
   * no new batch came for this long after connecting or after the last batch. Default 1000.
   */
  quietMs?: number;
  /** How long connecting may take before the peek fails. Default 10,000. */
  connectTimeoutMs?: number;
  /** The most a peek takes even while batches keep coming: then it ends with those. Default 30,000. */
  maxMs?: number;
}

type PeekSocket = Socket<InboxServerToClientEvents, InboxClientToServerEvents>;

/**
 * Connects as a reader of `username` and collects what the server hands that reader, oldest
 * first, without ever reporting it displayed; closing the socket then puts every message back
 * in the person's queue, in its place. The server hands one reader at most `INBOX_PREFETCH`
 * messages (200 by default) that nobody reported, so a peek sees at most that many.
 */
export function peekInbox(
  baseUrl: string,
  username: string,
  { token, quietMs = 1000, connectTimeoutMs = 10_000, maxMs = 30_000 }: PeekInboxOptions = {},
): Promise<InboxMessage[]> {
  const url = new URL(baseUrl);
  const auth: InboxHandshakeAuth = { username, ...(token !== undefined && { token }) };
  const started = Date.now();
  const socket: PeekSocket = io(url.origin, {
    // A base URL with a path (behind a proxy) keeps it; in io()'s URL it would name a namespace.
    path: `${url.pathname.replace(/\/+$/, '')}/socket.io`,
    auth: { ...auth },
    transports: ['websocket', 'polling'],
    reconnection: false,
    forceNew: true,
    timeout: connectTimeoutMs,
  });
  const waiting = new Map<string, InboxMessage>();

  return new Promise((resolve, reject) => {
    let settled = false;
    let quiet: ReturnType<typeof setTimeout> | undefined;
    const longest = setTimeout(
      () => settle(socket.connected ? undefined : unavailable(`not connected in ${maxMs} ms`)),
      maxMs,
    );
    const settle = (error?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(quiet);
      clearTimeout(longest);
      // Never a report: the server puts back whatever this reader was handed.
      socket.close();
      if (error) reject(error);
      else resolve([...waiting.values()]);
    };
    const unavailable = (reason: string): Error =>
      new ProntoGramUnavailableError(1, Date.now() - started, new Error(reason));
    const quietFromNow = (): void => {
      clearTimeout(quiet);
      quiet = setTimeout(() => settle(), quietMs);
    };

    socket.on('connect', quietFromNow);
    socket.on('inbox:messages', (batch) => {
      for (const candidate of Array.isArray(batch) ? batch : []) {
        const message = readInboxMessage(candidate);
        // A redelivery keeps its first place: the id is the same.
        if (message) waiting.set(message.id, message);
      }
      quietFromNow();
    });
    socket.on('inbox:expired', (ids) => {
      for (const id of Array.isArray(ids) ? ids : []) waiting.delete(id);
    });
    socket.on('connect_error', (error: Error & { data?: HandshakeRefusal }) => {
      const refusal = error.data;
      settle(
        refusal
          ? new ProntoGramError({
              serverMessage: handshakeRefusalReason(error.message),
              code: refusal.code,
              retryable: refusal.retryable,
              retryAfterSeconds: refusal.retryAfterSeconds,
            })
          : unavailable(`could not connect to ${baseUrl}: ${error.message}`),
      );
    });
    socket.on('disconnect', (reason) => settle(unavailable(`disconnected early: ${reason}`)));
  });
}
