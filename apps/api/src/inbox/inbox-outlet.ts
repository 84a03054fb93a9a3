import type { InboxMessage } from '@prontogram/contracts';

/**
 * Where the inbox sends what a person's pages must see: to every page of the person, on any
 * instance, or to one page. The gateway implements it with Socket.IO rooms.
 */
export interface InboxOutlet {
  /** To every page of `username`, or only to the page `sessionId`. */
  deliver(username: string, messages: InboxMessage[], sessionId?: string): void;
  /** To every page of `username` but the one that reported them. */
  viewed(username: string, ids: string[], exceptSessionId?: string): void;
  expired(username: string, ids: string[]): void;
}
