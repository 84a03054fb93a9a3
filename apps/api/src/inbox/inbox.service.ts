import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { DisplayedReportResult, InboxMessage } from '@prontogram/contracts';
import { LRUCache } from 'lru-cache';
import { InboxConsumers } from '../broker/inbox-consumers.service';
import type { InboxDelivery } from '../broker/inbox-delivery';
import type { InboxSubscription } from '../broker/inbox-subscription';
import type { Environment } from '../config/environment';
import { parseInboxMessage } from './inbox-message.parser';
import type { InboxSession } from './inbox-session';

const oldestFirst = (a: InboxMessage, b: InboxMessage): number =>
  a.sentAt.localeCompare(b.sentAt) || a.id.localeCompare(b.id);

/** Ids are server-made UUIDs; the username keeps one person's memory apart from another's. */
const displayedKey = (username: string, id: string): string => `${username}\n${id}`;

interface PendingMessage {
  message: InboxMessage;
  delivery: InboxDelivery;
  timer: NodeJS.Timeout;
}

/** What one user has open here: their sessions, their consumer, what waits for a report. */
class UserInbox {
  readonly sessions = new Map<string, InboxSession>();
  /** Delivered, not yet reported displayed; in delivery order. */
  readonly pending = new Map<string, PendingMessage>();
  /** Delivered during this turn of the event loop, sent to the sessions as one batch. */
  outbox: InboxMessage[] = [];
  subscription!: InboxSubscription;
}

/**
 * The delivery contract, per user: every session sees every message; a message is deleted
 * only when a session reports it displayed; one nobody reports in time goes back to the
 * queue; one that expires is never shown and is announced to sessions showing it.
 */
@Injectable()
export class InboxService implements OnModuleDestroy {
  private readonly logger = new Logger(InboxService.name);
  private readonly inboxes = new Map<string, UserInbox>();
  /** Consumers being cancelled: a user's next consumer waits for them, so order holds. */
  private readonly closing = new Map<string, Promise<void>>();
  private readonly reportTimeoutMs: number;
  /**
   * Messages a page displayed, per user, until they expire: a copy that arrives later (the
   * redelivery of one whose ack was lost to a reconnect, or a sender's retry with its
   * Idempotency-Key) is acked on arrival instead of being shown again. It outlives the
   * user's sessions, since the copy may come at the next sign-in.
   */
  private readonly displayedIds: LRUCache<string, true>;

  constructor(
    private readonly consumers: InboxConsumers,
    config: ConfigService<Environment, true>,
  ) {
    this.reportTimeoutMs = config.get('REPORT_TIMEOUT_SECONDS', { infer: true }) * 1000;
    const remembered: number = config.get('DISPLAYED_IDS_REMEMBERED', { infer: true });
    this.displayedIds = new LRUCache({ max: remembered });
  }

  /** Opens a session: it receives what is pending for the user now, then each new message. */
  async join(username: string, session: InboxSession): Promise<void> {
    await this.closing.get(username);
    let inbox = this.inboxes.get(username);
    if (!inbox) {
      const created = new UserInbox();
      created.subscription = this.consumers.subscribe(username, (delivery) =>
        this.receive(created, username, delivery),
      );
      this.inboxes.set(username, created);
      inbox = created;
    }
    inbox.sessions.set(session.id, session);
    // What is still in the outbox reaches this session with the next batch anyway.
    const waiting = [...inbox.pending.values()]
      .map((pending) => pending.message)
      .filter((message) => !inbox.outbox.includes(message))
      .sort(oldestFirst);
    if (waiting.length > 0) session.deliver(waiting);
  }

  /** Closes a session; the user's last one stops the consumer and requeues what is pending. */
  async leave(username: string, sessionId: string): Promise<void> {
    const inbox = this.inboxes.get(username);
    if (!inbox?.sessions.delete(sessionId) || inbox.sessions.size > 0) return;
    this.inboxes.delete(username);
    const closed = this.release(inbox).finally(() => {
      if (this.closing.get(username) === closed) this.closing.delete(username);
    });
    this.closing.set(username, closed);
    await closed;
  }

  /** A session displayed `ids`: delete them and tell the user's other sessions. */
  displayed(username: string, ids: string[], reporterId: string): DisplayedReportResult {
    const inbox = this.inboxes.get(username);
    const deleted: string[] = [];
    const unknown: string[] = [];
    for (const id of ids) {
      const pending = inbox?.pending.get(id);
      if (!inbox || !pending) {
        unknown.push(id);
        continue;
      }
      clearTimeout(pending.timer);
      inbox.pending.delete(id);
      this.rememberDisplayed(username, pending.message);
      if (pending.delivery.ack()) deleted.push(id);
      else unknown.push(id);
    }
    if (inbox && deleted.length > 0) this.tellViewed(inbox, deleted, reporterId);
    return { deleted, unknown };
  }

  /** Users with a consumer here. */
  get activeUsers(): number {
    return this.inboxes.size;
  }

  async onModuleDestroy(): Promise<void> {
    const inboxes = [...this.inboxes.values()];
    this.inboxes.clear();
    await Promise.all(inboxes.map((inbox) => this.release(inbox)));
  }

  private rememberDisplayed(username: string, message: InboxMessage): void {
    const lifeLeftMs = Date.parse(message.expiresAt) - Date.now();
    if (lifeLeftMs <= 0) return;
    this.displayedIds.set(displayedKey(username, message.id), true, { ttl: lifeLeftMs });
  }

  private async release(inbox: UserInbox): Promise<void> {
    for (const pending of inbox.pending.values()) clearTimeout(pending.timer);
    inbox.pending.clear();
    await this.consumers.unsubscribe(inbox.subscription);
  }

  private receive(inbox: UserInbox, username: string, delivery: InboxDelivery): void {
    const message = parseInboxMessage(delivery.raw.content, username);
    if (!message) {
      this.logger.error(`Dead-lettering an unreadable message in the queue of ${username}`);
      delivery.deadLetter();
      return;
    }
    const lifeLeftMs = Date.parse(message.expiresAt) - Date.now();
    if (lifeLeftMs <= 0) {
      delivery.deadLetter(); // Expired: never shown.
      return;
    }
    if (this.displayedIds.has(displayedKey(username, message.id))) {
      if (delivery.ack()) this.tellViewed(inbox, [message.id]);
      return;
    }
    const earlier = inbox.pending.get(message.id);
    if (earlier?.delivery.live) {
      delivery.ack(); // A second copy of a message already on its way: drop the copy.
      return;
    }
    // A redelivery after a reconnect replaces its void predecessor.
    if (earlier) clearTimeout(earlier.timer);
    const timer = setTimeout(
      () => this.reportOverdue(inbox, message.id),
      Math.min(this.reportTimeoutMs, lifeLeftMs),
    );
    timer.unref();
    inbox.pending.set(message.id, { message, delivery, timer });
    this.send(inbox, message);
  }

  private tellViewed(inbox: UserInbox, ids: string[], reporterId?: string): void {
    for (const session of inbox.sessions.values()) {
      if (session.id !== reporterId) session.viewed(ids);
    }
  }

  private send(inbox: UserInbox, message: InboxMessage): void {
    inbox.outbox.push(message);
    if (inbox.outbox.length > 1) return;
    setImmediate(() => {
      const batch = inbox.outbox;
      inbox.outbox = [];
      for (const session of inbox.sessions.values()) session.deliver(batch);
    });
  }

  /** No report in time: expired ones leave, others go back to the queue for a new try. */
  private reportOverdue(inbox: UserInbox, id: string): void {
    const pending = inbox.pending.get(id);
    if (!pending) return;
    inbox.pending.delete(id);
    if (Date.parse(pending.message.expiresAt) <= Date.now()) {
      pending.delivery.deadLetter();
      for (const session of inbox.sessions.values()) session.expired([id]);
    } else {
      pending.delivery.requeue();
    }
  }
}
