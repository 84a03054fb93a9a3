import type { InboxMessage } from './message';
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
  /** Set when the report itself was malformed; nothing was deleted. */
  error?: string;
}

export interface InboxServerToClientEvents {
  /** Messages for this user, oldest first; a message may come again (same id) after a reconnect. */
  'inbox:messages': (messages: InboxMessage[]) => void;
  /** Another session of this user displayed these: they are gone from the server. */
  'inbox:viewed': (ids: string[]) => void;
  /** These expired before anyone displayed them: hide them. */
  'inbox:expired': (ids: string[]) => void;
}

export interface InboxClientToServerEvents {
  'inbox:displayed': (
    report: DisplayedReport,
    acknowledge: (result: DisplayedReportResult) => void,
  ) => void;
}

/** The message of the `connect_error` a refused handshake gets begins with this. */
export const HANDSHAKE_REFUSED_PREFIX = 'sign-in refused:';

/** The `data` of the `connect_error` a refused handshake gets. */
export interface HandshakeRefusal {
  /** False when trying again cannot help (the username breaks the rule). */
  retryable: boolean;
  /** Why a username was refused, as a code a page can translate. */
  code?: UsernameProblemCode;
}

/** The reason in a refused handshake's message, without the prefix. */
export function handshakeRefusalReason(message: string): string {
  return message.startsWith(HANDSHAKE_REFUSED_PREFIX)
    ? message.slice(HANDSHAKE_REFUSED_PREFIX.length).trimStart()
    : message;
}
