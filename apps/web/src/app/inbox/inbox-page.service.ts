import { Injectable, effect, inject, untracked } from '@angular/core';
import { Router } from '@angular/router';
import { Subscription } from 'rxjs';
import { LanguageService } from '../i18n/language.service';
import { SessionStore } from '../session/session.store';
import { ClockService } from './clock.service';
import { DisplayReportingService } from './display-reporting.service';
import { InboxConnectionService } from './inbox-connection.service';
import { InboxStore } from './inbox.store';
import { NewMessageCuesService } from './new-message-cues.service';
import { PageVisibilityService } from './page-visibility.service';

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
  readonly notificationPermission = this.cues.notificationPermission;

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

  askForNotifications(): Promise<void> {
    return this.cues.askForNotifications();
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
   * notice that says so: this browser's copies of their messages are deleted, so that
   * whoever uses it next cannot read them. With one the server refused the sign-in: the
   * copies stay for when they sign in again, and the sign-in page says why.
   */
  async signOut(refusal?: string): Promise<void> {
    const username = this.session.username();
    this.stop();
    if (refusal === undefined && username !== null) this.store.forget(username);
    this.session.clear(refusal ?? null);
    await this.router.navigate(['/sign-in']);
  }

  private keepReporting(unreported: string[]): void {
    if (unreported.length > 0) this.reporting.reportWhenRendered(unreported);
  }
}
