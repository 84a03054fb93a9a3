import type { InboxMessage } from '@prontogram/contracts';

/** One open page of a user, as the inbox sees it; the gateway adapts sockets to it. */
export interface InboxSession {
  readonly id: string;
  deliver(messages: InboxMessage[]): void;
  viewed(ids: string[]): void;
  expired(ids: string[]): void;
}
