import { Injectable, computed, effect, inject, untracked } from '@angular/core';
import { Router } from '@angular/router';
import { Subscription, take } from 'rxjs';
import { LanguageService } from '../i18n/language.service';
import { SessionStore } from '../session/session.store';
import { ClockService } from './clock.service';
import { DisplayReportingService } from './display-reporting.service';
import { InboxConnectionService } from './inbox-connection.service';
import { InboxStore } from './inbox.store';
import { NewMessageCuesService, NotificationPermissionState } from './new-message-cues.service';
import { PageVisibilityService } from './page-visibility.service';
import { PushNotificationsService, PushState } from './push-notifications.service';

/** What the page says of notifications, as translation keys: a hint, an offer (a button). */
export interface NotificationsView {
  hint?: string;
  offer?: string;
}

/** With Web Push: what each state of the offer shows; other states leave it to the page's own. */
const PUSH_VIEWS: Partial<Record<PushState, NotificationsView>> = {
  ask: { offer: 'inbox.pushOffer' },
  on: { hint: 'inbox.pushOn' },
  denied: { hint: 'inbox.pushDenied' },
  failed: { hint: 'inbox.pushFailed', offer: 'inbox.pushRetry' },
};

/** Without Web Push: the page's own notifications, while it is open. */
const PAGE_NOTIFICATION_VIEWS: Partial<Record<NotificationPermissionState, NotificationsView>> = {
  default: { offer: 'inbox.enableNotifications' },
  granted: { hint: 'inbox.notificationsOn' },
  denied: { hint: 'inbox.notificationsBlocked' },
};

/**
 * The inbox page's one entry point: it opens the signed-in person's inbox, keeps what the
 * server sends in the store, has it reported once displayed, tells the person what arrived,
 * and signs out. The inbox component talks to this service only.
 */
@Injectable({ providedIn: 'root' })
export class InboxPageService {
  private readonly connection = inject(InboxConnectionService);
  private readonly store = inject(InboxStore);
  private readonly reporting = inject(DisplayReportingService);
  private readonly cues = inject(NewMessageCuesService);
  private readonly visibility = inject(PageVisibilityService);
  private readonly clock = inject(ClockService);
  private readonly push = inject(PushNotificationsService);
  private readonly language = inject(LanguageService);
  private readonly session = inject(SessionStore);
  private readonly router = inject(Router);
  private subscriptions = new Subscription();

  readonly username = this.session.username;
  readonly messages = this.store.messages;
  readonly status = this.connection.status;
  readonly pageVisible = this.visibility.visible;
  /** Moves on by itself, so that "5 minutes ago" and expiries do too. */
  readonly now = this.clock.now;
  /**
   * What the page says of notifications, as translation keys: Web Push (also with the tab
   * closed) where this browser and the server offer it, else the page's own while it is open.
   */
  readonly notifications = computed<NotificationsView>(
    () =>
      PUSH_VIEWS[this.push.state()] ??
      PAGE_NOTIFICATION_VIEWS[this.cues.notificationPermission()] ??
      {},
  );

  constructor() {
    effect(() => {
      const now = this.clock.now();
      untracked(() => this.store.dropExpired(now));
    });
  }

  /** The locale that dates and times are written in. */
  locale(): string {
    return this.language.locale();
  }

  /**
   * The person asked to be notified: with Web Push where it is offered (the browser asks for
   * permission, which covers the page's own notifications too), else for the page's own.
   */
  async askForNotifications(): Promise<void> {
    const push = this.push.state();
    if (push === 'ask' || push === 'failed') {
      await this.push.enable();
      this.cues.refreshPermission();
      return;
    }
    await this.cues.askForNotifications();
  }

  start(username: string): void {
    this.stop();
    this.store.open(username);
    this.subscriptions = this.connection.messages$.subscribe((messages) => {
      const { fresh, alreadySeen } = this.store.receive(messages);
      this.reporting.reportWhenRendered(alreadySeen);
      this.cues.arrived(fresh);
    });
    this.subscriptions.add(this.connection.viewed$.subscribe((ids) => this.store.markSeen(ids)));
    this.subscriptions.add(this.connection.expired$.subscribe((ids) => this.store.remove(ids)));
    this.subscriptions.add(
      this.connection.session$.subscribe(({ token }) => this.session.renewToken(token)),
    );
    this.subscriptions.add(
      this.connection.refused$.subscribe((reason) => void this.signOut(reason)),
    );
    // Once connected, find out what can be offered: the subscription goes over the socket.
    this.subscriptions.add(
      this.connection.connected$.pipe(take(1)).subscribe(() => void this.push.start()),
    );
    this.connection.connect(username, this.session.token);
  }

  stop(): void {
    this.subscriptions.unsubscribe();
    this.connection.disconnect();
    this.store.close();
    this.cues.reset();
    this.reporting.reset();
  }

  /** Takes a message off the page; one on screen but not yet reported is still reported. */
  dismiss(id: string): void {
    this.keepReporting(this.store.remove([id]));
  }

  clearAll(): void {
    this.keepReporting(this.store.clearAll());
  }

  /**
   * Every sign-out goes through here. Without a `refusal` the person chose it, after the
   * notice that says so: this browser's copies of their messages are deleted, and this
   * device's notifications for them stop, so that whoever uses it next cannot read them. With one the server refused the sign-in: the
   * copies stay for when they sign in again, and the sign-in page says why.
   */
  async signOut(refusal?: string): Promise<void> {
    const username = this.session.username();
    // This device is no longer notified for them: said while the socket is still open.
    if (refusal === undefined) await this.push.disable();
    this.stop();
    if (refusal === undefined && username !== null) this.store.forget(username);
    this.session.clear(refusal ?? null);
    await this.router.navigate(['/sign-in']);
  }

  private keepReporting(unreported: string[]): void {
    if (unreported.length > 0) this.reporting.reportWhenRendered(unreported);
  }
}
