import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  INBOX_PUSH_TAG,
  inboxPushPayload,
  type InboxMessage,
  type PushPayload,
  type PushSubscriptionResult,
  type WebPushSubscription,
} from '@prontogram/contracts';
import pLimit from 'p-limit';
import { sendNotification, WebPushError } from 'web-push';
import type { Environment } from '../config/environment';
import { InboxPresence } from '../inbox/inbox-presence';
import { Metrics } from '../metrics/metrics';
import { PushCooldown } from './push-cooldown';
import { PushSubscriptionStore } from './push-subscription-store';

const PREVIEW_MAX_CHARACTERS = 120;
const PUSH_TIMEOUT_MS = 10_000;
/**
 * Pushes waiting for their turn, past which new ones are dropped: a push service that
 * stopped answering must not grow this process's memory without end.
 */
const MAX_WAITING_PUSHES = 10_000;

/**
 * Web Push while a person has no page open: when a message is accepted for them, each of
 * their devices gets a notification from its browser's push service, signed with the VAPID
 * key, encrypted for that browser, with a lifetime of what is left of the message's. The
 * push never deletes anything: clicking it opens the inbox, which displays the message and
 * reports it as always. A push service that answers 404 or 410 has dropped the
 * subscription, and so does the server.
 */
@Injectable()
export class PushNotifier {
  private readonly logger = new Logger(PushNotifier.name);
  private readonly vapid: { subject: string; publicKey: string; privateKey: string } | undefined;
  private readonly preview: Environment['PUSH_PREVIEW'];
  private readonly hosts: string[];
  private readonly posting: pLimit.Limit;

  constructor(
    private readonly store: PushSubscriptionStore,
    private readonly presence: InboxPresence,
    private readonly cooldown: PushCooldown,
    private readonly metrics: Metrics,
    config: ConfigService<Environment, true>,
  ) {
    const publicKey = config.get('VAPID_PUBLIC_KEY', { infer: true });
    const privateKey = config.get('VAPID_PRIVATE_KEY', { infer: true });
    const subject = config.get('VAPID_SUBJECT', { infer: true });
    this.vapid = publicKey ? { subject, publicKey, privateKey } : undefined;
    this.preview = config.get('PUSH_PREVIEW', { infer: true });
    this.hosts = config
      .get('PUSH_SERVICE_HOSTS', { infer: true })
      .split(',')
      .map((host) => host.trim());
    this.posting = pLimit(config.get('PUSH_CONCURRENCY', { infer: true }));
    if (!this.vapid) this.logger.log('Web Push is off: no VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY');
  }

  /** The key pages subscribe with; undefined while push is off. */
  get publicKey(): string | undefined {
    return this.vapid?.publicKey;
  }

  async subscribe(
    username: string,
    subscription: WebPushSubscription,
  ): Promise<PushSubscriptionResult> {
    if (!this.vapid) return { ok: false, error: 'notifications are off on this server' };
    // Kept as the URL parser reads it, the same string whichever library reads it next.
    const endpoint = new URL(subscription.endpoint);
    if (!this.allowed(endpoint.hostname)) {
      return { ok: false, error: `${endpoint.hostname} is not a push service this server uses` };
    }
    return this.keeping(() =>
      this.store.add(username, { ...subscription, endpoint: endpoint.href }),
    );
  }

  unsubscribe(username: string, endpoint: string): Promise<PushSubscriptionResult> {
    const normalised = URL.canParse(endpoint) ? new URL(endpoint).href : endpoint;
    return this.keeping(() => this.store.remove(username, normalised));
  }

  /**
   * A message was accepted for its receiver: notify their devices unless a page of theirs
   * is open on some instance, or they were pushed to within PUSH_MIN_INTERVAL_SECONDS.
   * Never throws: a notification is a courtesy, the message is safe in its queue whatever
   * happens here.
   */
  async messageArrived(message: InboxMessage): Promise<void> {
    if (!this.vapid) return;
    try {
      const subscriptions = await this.store.list(message.receiver);
      if (subscriptions.length === 0) return;
      if ((await this.presence.pagesOpen(message.receiver)) > 0) {
        this.metrics.pushes.inc({ outcome: 'page_open' }, subscriptions.length);
        return;
      }
      const ttlSeconds = Math.floor((Date.parse(message.expiresAt) - Date.now()) / 1000);
      if (ttlSeconds <= 0) return;
      if (!(await this.cooldown.claim(message.receiver))) {
        this.metrics.pushes.inc({ outcome: 'coalesced' }, subscriptions.length);
        return;
      }
      const payload = JSON.stringify(this.payloadOf(message));
      await Promise.all(
        subscriptions.map((subscription) => {
          if (this.posting.pendingCount >= MAX_WAITING_PUSHES) {
            this.metrics.pushes.inc({ outcome: 'dropped' });
            return undefined;
          }
          return this.posting(() => this.push(message, subscription, payload, ttlSeconds));
        }),
      );
    } catch (error) {
      this.logger.warn({
        msg: `No push for ${message.id}: ${(error as Error).message}`,
        messageId: message.id,
      });
    }
  }

  private async push(
    message: InboxMessage,
    subscription: WebPushSubscription,
    payload: string,
    ttlSeconds: number,
  ): Promise<void> {
    try {
      await sendNotification(subscription, payload, {
        vapidDetails: this.vapid,
        TTL: ttlSeconds,
        // One topic for every push of the inbox: a push service keeps only the latest undelivered.
        topic: INBOX_PUSH_TAG,
        urgency: 'normal',
        timeout: PUSH_TIMEOUT_MS,
      });
      this.metrics.pushes.inc({ outcome: 'sent' });
    } catch (error) {
      const status = error instanceof WebPushError ? error.statusCode : undefined;
      if (status === 404 || status === 410) {
        await this.store.remove(message.receiver, subscription.endpoint);
        this.metrics.pushes.inc({ outcome: 'gone' });
        this.logger.log({
          msg: `A push service answered ${status}: removed that subscription`,
          messageId: message.id,
        });
        return;
      }
      this.metrics.pushes.inc({ outcome: 'failed' });
      this.logger.warn({
        msg: `Push for ${message.id} failed: ${status ?? (error as Error).message}`,
        messageId: message.id,
      });
    }
  }

  private payloadOf({ sender, body, receiver }: InboxMessage): PushPayload {
    const text = [...body.replace(/\s+/g, ' ').trim()];
    const preview =
      text.length > PREVIEW_MAX_CHARACTERS
        ? `${text.slice(0, PREVIEW_MAX_CHARACTERS - 1).join('')}…`
        : text.join('');
    return inboxPushPayload(
      receiver,
      this.preview === 'none' ? 'ProntoGram' : sender,
      this.preview === 'text' ? preview : 'New message',
    );
  }

  /** A store that failed (Redis away, a full disk) is the page's to retry, later. */
  private async keeping(change: () => Promise<unknown>): Promise<PushSubscriptionResult> {
    try {
      await change();
      return { ok: true };
    } catch (error) {
      this.logger.warn(`Push subscriptions not changed: ${(error as Error).message}`);
      return { ok: false, error: 'the server could not keep this now; try again later' };
    }
  }

  /** Whether pushes may go to `host`: one of PUSH_SERVICE_HOSTS, `*.` for subdomains. */
  private allowed(host: string): boolean {
    return this.hosts.some((pattern) =>
      pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) : host === pattern,
    );
  }
}
