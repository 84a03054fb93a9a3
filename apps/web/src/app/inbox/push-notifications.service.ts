import { DOCUMENT } from '@angular/common';
import { HttpClient } from '@angular/common/http';
import { Injectable, inject, signal } from '@angular/core';
import { SwPush } from '@angular/service-worker';
import {
  PUSH_PUBLIC_KEY_ROUTE,
  PushPublicKey,
  WebPushSubscription,
} from '@prontogram/contracts/wire';
import { firstValueFrom, timeout } from 'rxjs';
import { InboxConnectionService } from './inbox-connection.service';

/** How long sign-out waits for the service worker to say which subscription this device has. */
const WORKER_ANSWER_MS = 2000;

/**
 * Where the offer to be notified with the tab closed stands:
 * - `unsupported`: this browser has no service worker or Push API (iOS outside the Home
 *   Screen, a private window), or the page runs without its service worker (development);
 * - `unavailable`: this server sends no notifications;
 * - `ask`: the person may be asked; `on`: this device is notified;
 * - `denied`: the person (or the browser) refused: only the browser's site settings undo it;
 * - `failed`: the browser or the server could not set it up; asking again may work.
 */
export type PushState = 'unsupported' | 'unavailable' | 'ask' | 'on' | 'denied' | 'failed';

/**
 * Web Push for this device, through Angular's service worker (`SwPush`): subscribes with
 * the server's VAPID key, hands the subscription to the server over the inbox's socket, and
 * takes it back when the person signs out. Clicking a notification opens the inbox (the
 * payload tells the service worker so); the push itself deletes nothing.
 */
@Injectable({ providedIn: 'root' })
export class PushNotificationsService {
  private readonly http = inject(HttpClient);
  private readonly swPush = inject(SwPush);
  private readonly connection = inject(InboxConnectionService);
  private readonly window = inject(DOCUMENT).defaultView;
  private readonly current = signal<PushState>('unsupported');
  private publicKey: string | undefined;

  readonly state = this.current.asReadonly();

  /**
   * Finds out what can be offered, once the inbox is connected. A device subscribed before
   * tells the server again, which may have lost it (a new server, a 410 in between).
   */
  async start(): Promise<void> {
    if (!this.swPush.isEnabled) return this.current.set('unsupported');
    this.publicKey = await this.fetchPublicKey();
    if (!this.publicKey) return this.current.set('unavailable');
    const existing = await firstValueFrom(this.swPush.subscription);
    if (existing) return this.register(existing);
    this.current.set(this.permission() === 'denied' ? 'denied' : 'ask');
  }

  /** The person asked to be notified: the browser asks for permission, then subscribes. */
  async enable(): Promise<void> {
    if (!this.publicKey) return;
    let subscription: PushSubscription;
    try {
      subscription = await this.swPush.requestSubscription({ serverPublicKey: this.publicKey });
    } catch {
      this.current.set(this.permission() === 'denied' ? 'denied' : 'failed');
      return;
    }
    await this.register(subscription);
  }

  /**
   * Signing out: this device is no longer notified for this person. Never throws, and takes
   * at most a few seconds: sign-out must not wait on a worker that does not answer.
   */
  async disable(): Promise<void> {
    if (!this.swPush.isEnabled) return;
    const subscription = await firstValueFrom(
      this.swPush.subscription.pipe(timeout({ first: WORKER_ANSWER_MS })),
    ).catch(() => null);
    if (!subscription) return;
    await this.connection.unsubscribePush(subscription.endpoint).catch(() => undefined);
    await this.swPush.unsubscribe().catch(() => undefined);
    this.current.set(this.publicKey ? 'ask' : 'unavailable');
  }

  private async register(subscription: PushSubscription): Promise<void> {
    try {
      const answer = await this.connection.subscribePush(
        subscription.toJSON() as WebPushSubscription,
      );
      this.current.set(answer.ok ? 'on' : 'failed');
    } catch {
      this.current.set('failed');
    }
  }

  private async fetchPublicKey(): Promise<string | undefined> {
    // 404: this server sends no notifications; anything else failing says the same for now.
    const answer = this.http.get<PushPublicKey>(PUSH_PUBLIC_KEY_ROUTE);
    return (await firstValueFrom(answer).catch(() => undefined))?.publicKey;
  }

  private permission(): NotificationPermission | 'unsupported' {
    return this.window && 'Notification' in this.window ? Notification.permission : 'unsupported';
  }
}
