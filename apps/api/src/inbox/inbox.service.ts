import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { DisplayedReportResult, InboxMessage } from '@prontogram/contracts';
import { LRUCache } from 'lru-cache';
import { InboxConsumers } from '../broker/inbox-consumers.service';
import type { InboxConsumer } from '../broker/inbox-consumer';
import type { InboxDelivery } from '../broker/inbox-delivery';
import { inboxQueueName } from '../broker/inbox-topology';
import type { Environment } from '../config/environment';
import { Metrics } from '../metrics/metrics';
import { ReceiptsService } from '../receipts/receipts.service';
import type { InboxOutlet } from './inbox-outlet';

const oldestFirst = (a: InboxMessage, b: InboxMessage): number =>
  a.sentAt.localeCompare(b.sentAt) || a.id.localeCompare(b.id);

/** Ids are server-made UUIDs; the username keeps one person's memory apart from another's. */
const displayedKey = (username: string, id: string): string => `${username}\n${id}`;

/** A message handed to this instance and shown, not yet reported displayed. */
interface PendingMessage {
  message: InboxMessage;
  delivery: InboxDelivery;
  timer: NodeJS.Timeout;
}

/** One person with a page on this instance: their consumer and what waits for a report. */
class UserInbox {
  /** The one record of unsettled deliveries, in delivery order. */
  readonly pending = new Map<string, PendingMessage>();
  /** Delivered during this turn of the event loop, sent to the pages as one batch. */
  outbox: InboxMessage[] = [];
  consumer!: InboxConsumer;

  constructor(readonly username: string) {}

  /** What is pending and not about to go out with the next batch anyway, oldest first. */
  waiting(): InboxMessage[] {
    return [...this.pending.values()]
      .map((pending) => pending.message)
      .filter((message) => !this.outbox.includes(message))
      .sort(oldestFirst);
  }
}

/**
 * The delivery contract, per person: every page sees every message; a message is deleted
 * only when a page reports it displayed; one nobody reports in time goes back to the queue;
 * one that expires is never shown and is withdrawn from pages showing it.
 *
 * Each instance with a page of the person consumes the person's queue. RabbitMQ delivers to
 * one of those consumers at a time (single active consumer); the instance that holds a
 * delivery sends it to the person's pages on every instance and is the one that settles it.
 */
@Injectable()
export class InboxService implements OnModuleDestroy {
  private readonly logger = new Logger(InboxService.name);
  private readonly inboxes = new Map<string, UserInbox>();
  /** Consumers being cancelled: a user's next consumer waits for them, so order holds. */
  private readonly closing = new Map<string, Promise<void>>();
  private readonly reportTimeoutMs: number;
  private readonly retryAfterSeconds: number;
  /**
   * Messages a page displayed, per user, until they expire: a copy that arrives later (the
   * redelivery of one whose ack was lost to a reconnect, or a sender's retry with its
   * Idempotency-Key) is acked on arrival instead of being shown again. It outlives the
   * user's pages, since the copy may come at the next sign-in.
   */
  private readonly displayedIds: LRUCache<string, true>;
  private outlet!: InboxOutlet;

  constructor(
    private readonly consumers: InboxConsumers,
    private readonly metrics: Metrics,
    private readonly receipts: ReceiptsService,
    config: ConfigService<Environment, true>,
  ) {
    this.reportTimeoutMs = config.get('REPORT_TIMEOUT_SECONDS', { infer: true }) * 1000;
    this.retryAfterSeconds = config.get('RETRY_AFTER_SECONDS', { infer: true });
    const remembered: number = config.get('DISPLAYED_IDS_REMEMBERED', { infer: true });
    this.displayedIds = new LRUCache({ max: remembered });
  }

  /** The gateway says where pages are, once its server exists. */
  attach(outlet: InboxOutlet): void {
    this.outlet = outlet;
  }

  /**
   * A page of `username` opened on this instance: consume their queue here too, and send the
   * page what this instance holds for them.
   */
  async open(username: string, sessionId: string): Promise<void> {
    await this.closing.get(username);
    let inbox = this.inboxes.get(username);
    if (!inbox) {
      const created = new UserInbox(username);
      created.consumer = this.consumers.subscribe(username, (message, delivery) =>
        this.receive(created, message, delivery),
      );
      this.inboxes.set(username, created);
      inbox = created;
    }
    this.replay(username, sessionId);
  }

  /** Sends the page `sessionId` (on any instance) what this instance holds for `username`. */
  replay(username: string, sessionId?: string): void {
    const waiting = this.inboxes.get(username)?.waiting() ?? [];
    if (waiting.length > 0) this.outlet.deliver(username, waiting, sessionId);
  }

  /** Sends every page what this instance holds: after fan-out between instances was lost. */
  replayAll(): void {
    for (const username of this.inboxes.keys()) this.replay(username);
  }

  /** The person's last page here closed: stop consuming and requeue what is pending. */
  async close(username: string): Promise<void> {
    const inbox = this.inboxes.get(username);
    if (!inbox) return;
    this.inboxes.delete(username);
    const closed = this.release(inbox).finally(() => {
      if (this.closing.get(username) === closed) this.closing.delete(username);
    });
    this.closing.set(username, closed);
    await closed;
  }

  /**
   * A page reported `ids` displayed: delete those held here and tell the person's other
   * pages. Ids held elsewhere, or by nobody, come back as unknown. A message whose sender
   * wants receipts is deleted only once its `displayed` receipt is durable; one whose
   * receipt could not be made stays pending here, and the page is asked to report it again
   * after `RETRY_AFTER_SECONDS`.
   */
  async displayed(
    username: string,
    ids: string[],
    reporterId: string,
  ): Promise<DisplayedReportResult> {
    const inbox = this.inboxes.get(username);
    const held: PendingMessage[] = [];
    const unknown: string[] = [];
    for (const id of ids) {
      const pending = inbox?.pending.get(id);
      if (!inbox || !pending) {
        unknown.push(id);
        continue;
      }
      clearTimeout(pending.timer);
      inbox.pending.delete(id);
      held.push(pending);
    }
    const receipted = await Promise.all(
      held.map(({ message, delivery }) =>
        this.receipts.displayed(message, delivery.origin).then(
          () => true,
          (error: unknown) => {
            this.logger.warn({
              msg: `No receipt for ${message.id} yet, so not deleted: ${(error as Error).message}`,
              messageId: message.id,
            });
            return false;
          },
        ),
      ),
    );
    const deleted: string[] = [];
    let deferred = false;
    held.forEach((pending, i) => {
      const { id } = pending.message;
      if (!receipted[i]) {
        unknown.push(id);
        // Held again for the page's next report; expired meanwhile, it leaves unseen.
        if (this.hold(inbox as UserInbox, pending.message, pending.delivery)) deferred = true;
        else pending.delivery.deadLetter();
        return;
      }
      this.rememberDisplayed(username, pending.message);
      if (pending.delivery.ack()) {
        deleted.push(id);
        this.countDisplayed(username, pending);
      } else {
        unknown.push(id);
      }
    });
    if (deleted.length > 0) this.outlet.viewed(username, deleted, reporterId);
    return deferred
      ? { deleted, unknown, retryAfterSeconds: this.retryAfterSeconds }
      : { deleted, unknown };
  }

  async onModuleDestroy(): Promise<void> {
    const inboxes = [...this.inboxes.values()];
    this.inboxes.clear();
    await Promise.all(inboxes.map((inbox) => this.release(inbox)));
  }

  /** One line per deleted message, with the id of the POST that sent it. */
  private countDisplayed(username: string, { message, delivery }: PendingMessage): void {
    this.metrics.displayed.inc();
    this.metrics.acceptedToDisplayedSeconds.observe(
      (Date.now() - Date.parse(message.sentAt)) / 1000,
    );
    this.logger.log({
      msg: `Deleted ${message.id} from ${inboxQueueName(username)}: displayed`,
      reqId: delivery.requestId,
      messageId: message.id,
    });
  }

  private rememberDisplayed(username: string, message: InboxMessage): void {
    const lifeLeftMs = Date.parse(message.expiresAt) - Date.now();
    if (lifeLeftMs <= 0) return;
    this.displayedIds.set(displayedKey(username, message.id), true, { ttl: lifeLeftMs });
  }

  /** Stops consuming first, so that nothing new arrives, then requeues what is pending. */
  private async release(inbox: UserInbox): Promise<void> {
    await this.consumers.unsubscribe(inbox.consumer);
    for (const { timer, delivery } of inbox.pending.values()) {
      clearTimeout(timer);
      delivery.requeue();
    }
    inbox.pending.clear();
  }

  private receive(inbox: UserInbox, message: InboxMessage, delivery: InboxDelivery): void {
    const { username } = inbox;
    const lifeLeftMs = Date.parse(message.expiresAt) - Date.now();
    if (lifeLeftMs <= 0) {
      delivery.deadLetter(); // Expired: never shown.
      this.metrics.expired.inc();
      return;
    }
    if (this.displayedIds.has(displayedKey(username, message.id))) {
      if (delivery.ack()) this.outlet.viewed(username, [message.id]);
      return;
    }
    const earlier = inbox.pending.get(message.id);
    if (earlier?.delivery.live) {
      delivery.ack(); // A second copy of a message already on its way: drop the copy.
      return;
    }
    // A redelivery after a reconnect replaces its void predecessor.
    if (earlier) clearTimeout(earlier.timer);
    this.hold(inbox, message, delivery);
    this.metrics.delivered.inc();
    if (delivery.redelivered) this.metrics.redelivered.inc();
    this.send(inbox, message);
  }

  /**
   * Keeps a delivery pending until a page reports it, or `REPORT_TIMEOUT_SECONDS` (or its
   * lifetime) pass; false when it has no life left.
   */
  private hold(inbox: UserInbox, message: InboxMessage, delivery: InboxDelivery): boolean {
    const lifeLeftMs = Date.parse(message.expiresAt) - Date.now();
    if (lifeLeftMs <= 0) return false;
    const timer = setTimeout(
      () => this.reportOverdue(inbox, message.id),
      Math.min(this.reportTimeoutMs, lifeLeftMs),
    );
    timer.unref();
    inbox.pending.set(message.id, { message, delivery, timer });
    return true;
  }

  private send(inbox: UserInbox, message: InboxMessage): void {
    inbox.outbox.push(message);
    if (inbox.outbox.length > 1) return;
    setImmediate(() => {
      const batch = inbox.outbox;
      inbox.outbox = [];
      this.outlet.deliver(inbox.username, batch);
    });
  }

  /** No report in time: expired ones leave, others go back to the queue for a new try. */
  private reportOverdue(inbox: UserInbox, id: string): void {
    const pending = inbox.pending.get(id);
    if (!pending) return;
    inbox.pending.delete(id);
    if (Date.parse(pending.message.expiresAt) <= Date.now()) {
      pending.delivery.deadLetter();
      this.metrics.expired.inc();
      this.outlet.expired(inbox.username, [id]);
    } else {
      pending.delivery.requeue();
    }
  }
}
