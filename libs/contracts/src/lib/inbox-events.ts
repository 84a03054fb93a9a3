import type { InboxMessage } from './message';
import type { PushSubscriptionResult, PushUnsubscribe, WebPushSubscription } from './push';
import type { SessionToken } from './sign-in';
import type { UsernameProblemCode } from './username';

/**
 * The Socket.IO conversation between a reader's page and the API, typed once for both ends.
 *
 * A page connects with `auth: { username }` (see {@link InboxHandshakeAuth}). The server
 * sends what waits in that user's queue, oldest first, then new messages as they arrive;
 * nothing is deleted until a session reports it displayed.
 */
export interface InboxHandshakeAuth {
  username: string;
  /** With `SIGN_IN_MODE=link`: the token of a sign-in link, or the session token since. */
  token?: string;
}

/** The most ids one `inbox:displayed` report may carry. */
export const DISPLAYED_REPORT_MAX_IDS = 1000;

/** The longest message id a report may carry. */
export const MESSAGE_ID_MAX_LENGTH = 64;

/** What a page reports after it rendered messages while visible (rules: `DisplayedReportDto`). */
export interface DisplayedReport {
  ids: string[];
}

/** The server's answer to a report. */
export interface DisplayedReportResult {
  /** Deleted from the server now. */
  deleted: string[];
  /**
   * Not pending for this user here: already deleted, never theirs, or its delivery was voided
   * by a reconnect (it will come again; report it again then).
   */
  unknown: string[];
  /** Set when the report was malformed, or came too fast; nothing was deleted. */
  error?: string;
  /** Set when reports came too fast: send this one again after so many seconds. */
  retryAfterSeconds?: number;
}

export interface InboxServerToClientEvents {
  /** Messages for this user, oldest first; a message may come again (same id) after a reconnect. */
  'inbox:messages': (messages: InboxMessage[]) => void;
  /** Another session of this user displayed these: they are gone from the server. */
  'inbox:viewed': (ids: string[]) => void;
  /** These expired before anyone displayed them: hide them. */
  'inbox:expired': (ids: string[]) => void;
  /** With `SIGN_IN_MODE=link`, after each sign-in: reconnect with this token from now on. */
  'inbox:session': (session: SessionToken) => void;
}

export interface InboxClientToServerEvents {
  'inbox:displayed': (
    report: DisplayedReport,
    acknowledge: (result: DisplayedReportResult) => void,
  ) => void;
  /** Notify this person on this device while none of their pages is open (Web Push). */
  'push:subscribe': (
    subscription: WebPushSubscription,
    acknowledge: (result: PushSubscriptionResult) => void,
  ) => void;
  /** Stop: signing out, or the person said no more. */
  'push:unsubscribe': (
    unsubscribe: PushUnsubscribe,
    acknowledge: (result: PushSubscriptionResult) => void,
  ) => void;
}

/** The message of the `connect_error` a refused handshake gets begins with this. */
export const HANDSHAKE_REFUSED_PREFIX = 'sign-in refused:';

/**
 * Why a sign-in was refused, besides a username that breaks the rule:
 * - `link-required`: this server signs people in only through links from their senders;
 * - `link-expired`, `link-invalid`: the link (or the session since) no longer signs in;
 * - `too-many-sessions`: this person has as many pages open as one may;
 * - `rate-limited`: too many connections from this address; retry after `retryAfterSeconds`.
 */
export const SIGN_IN_REFUSAL_CODES = [
  'link-required',
  'link-expired',
  'link-invalid',
  'too-many-sessions',
  'rate-limited',
] as const;
export type SignInRefusalCode = (typeof SIGN_IN_REFUSAL_CODES)[number];

/** The `data` of the `connect_error` a refused handshake gets. */
export interface HandshakeRefusal {
  /** False when trying again cannot help (the username breaks the rule, the link expired). */
  retryable: boolean;
  /** Why the sign-in was refused, as a code a page can translate. */
  code?: UsernameProblemCode | SignInRefusalCode;
  /** When retrying can help, not before so many seconds. */
  retryAfterSeconds?: number;
}

/** The reason in a refused handshake's message, without the prefix. */
export function handshakeRefusalReason(message: string): string {
  return message.startsWith(HANDSHAKE_REFUSED_PREFIX)
    ? message.slice(HANDSHAKE_REFUSED_PREFIX.length).trimStart()
    : message;
}
