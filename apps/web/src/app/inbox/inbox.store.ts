import { DOCUMENT } from '@angular/common';
import { Injectable, computed, inject, signal } from '@angular/core';
import { readInboxMessage, type InboxMessage } from '@prontogram/contracts/wire';

/**
 * `new`: on the page, not yet reported displayed.
 * `seen`: displayed here, or on another of this person's pages; gone from the server.
 */
export type MessageState = 'new' | 'seen';

export interface ShownMessage extends InboxMessage {
  state: MessageState;
}

const STORAGE_PREFIX = 'prontogram.seen.';

/**
 * The messages on this person's page, newest first. What was seen is kept in this browser
 * (localStorage) until it expires or is dismissed, because the server copy is gone.
 */
@Injectable({ providedIn: 'root' })
export class InboxStore {
  private readonly storage = inject(DOCUMENT).defaultView?.localStorage;
  private username: string | null = null;
  private readonly entries = signal<ShownMessage[]>([]);

  readonly messages = this.entries.asReadonly();
  readonly unseenCount = computed(
    () => this.entries().filter((entry) => entry.state === 'new').length,
  );

  /** Loads what this browser kept for `username`, dropping what has expired. */
  open(username: string): void {
    this.username = username;
    this.entries.set(this.load(username).filter((entry) => !hasExpired(entry)));
    this.save();
  }

  close(): void {
    this.username = null;
    this.entries.set([]);
  }

  /** Deletes every copy this browser keeps for `username` (signing out). */
  forget(username: string): void {
    if (this.username === username) this.close();
    this.storage?.removeItem(STORAGE_PREFIX + username);
  }

  /**
   * Adds what the server sent. Returns the ids that must be reported displayed once shown:
   * new messages, and redeliveries of messages this page had already shown.
   */
  receive(messages: InboxMessage[]): { fresh: InboxMessage[]; alreadySeen: string[] } {
    const known = new Map(this.entries().map((entry) => [entry.id, entry]));
    const fresh: InboxMessage[] = [];
    const alreadySeen: string[] = [];
    for (const message of messages) {
      const existing = known.get(message.id);
      if (existing) {
        if (existing.state === 'seen') alreadySeen.push(message.id);
      } else if (!hasExpired(message)) {
        const entry: ShownMessage = { ...message, state: 'new' };
        known.set(message.id, entry);
        fresh.push(message);
      }
    }
    if (fresh.length > 0) this.entries.set(newestFirst([...known.values()]));
    return { fresh, alreadySeen };
  }

  markSeen(ids: string[]): void {
    const seen = new Set(ids);
    this.update((entries) =>
      entries.map((entry) =>
        seen.has(entry.id) && entry.state !== 'seen' ? { ...entry, state: 'seen' } : entry,
      ),
    );
  }

  idsToReport(): string[] {
    return this.entries()
      .filter((entry) => entry.state === 'new')
      .map((entry) => entry.id);
  }

  /** Takes messages off the page; returns those among them not yet reported displayed. */
  remove(ids: string[]): string[] {
    const gone = new Set(ids);
    const unreported = this.entries()
      .filter((entry) => gone.has(entry.id) && entry.state === 'new')
      .map((entry) => entry.id);
    this.update((entries) => entries.filter((entry) => !gone.has(entry.id)));
    return unreported;
  }

  clearAll(): string[] {
    return this.remove(this.entries().map((entry) => entry.id));
  }

  /** Drops what has expired by `now`. */
  dropExpired(now = Date.now()): void {
    if (this.entries().some((entry) => hasExpired(entry, now))) {
      this.update((entries) => entries.filter((entry) => !hasExpired(entry, now)));
    }
  }

  private update(change: (entries: ShownMessage[]) => ShownMessage[]): void {
    this.entries.update(change);
    this.save();
  }

  private load(username: string): ShownMessage[] {
    try {
      const stored: unknown = JSON.parse(this.storage?.getItem(STORAGE_PREFIX + username) ?? '[]');
      return Array.isArray(stored)
        ? newestFirst(stored.map(readSeenMessage).filter((entry) => entry !== null))
        : [];
    } catch {
      return [];
    }
  }

  /** Keeps only what was seen: the server still holds (and will resend) the rest. */
  private save(): void {
    if (!this.username) return;
    const seen = this.entries().filter((entry) => entry.state === 'seen');
    try {
      this.storage?.setItem(STORAGE_PREFIX + this.username, JSON.stringify(seen));
    } catch {
      // Storage full or disabled: the page still works, it just forgets on reload.
    }
  }
}

function hasExpired(message: Pick<InboxMessage, 'expiresAt'>, now = Date.now()): boolean {
  return Date.parse(message.expiresAt) <= now;
}

function newestFirst(entries: ShownMessage[]): ShownMessage[] {
  return entries.sort((a, b) => b.sentAt.localeCompare(a.sentAt) || b.id.localeCompare(a.id));
}

/** A message this browser kept (it keeps only seen ones), or null when it is not one. */
function readSeenMessage(value: unknown): ShownMessage | null {
  const message = readInboxMessage(value);
  if (message === null || (value as Partial<ShownMessage>).state !== 'seen') return null;
  return { ...message, state: 'seen' };
}
