import { Injectable, Injector, afterNextRender, effect, inject, untracked } from '@angular/core';
import { Router } from '@angular/router';
import { Subscription } from 'rxjs';
import { SessionStore } from '../session/session.store';
import { Clock } from './clock.service';
import { InboxConnection, ReportDeferred } from './inbox-connection.service';
import { InboxStore } from './inbox.store';
import { NewMessageCues } from './new-message-cues.service';
import { PageVisibility } from './page-visibility.service';

/**
 * The page's side of the delivery contract: what the server sends is shown, and reported
 * displayed only after it has been rendered while the page is visible. A message that
 * comes again (after a reconnect) and was already shown is reported again.
 */
@Injectable({ providedIn: 'root' })
export class InboxSession {
  private readonly injector = inject(Injector);
  private readonly connection = inject(InboxConnection);
  private readonly store = inject(InboxStore);
  private readonly cues = inject(NewMessageCues);
  private readonly visibility = inject(PageVisibility);
  private readonly clock = inject(Clock);
  private readonly session = inject(SessionStore);
  private readonly router = inject(Router);

  private subscriptions = new Subscription();
  /** Shown before and delivered again: to be reported again. */
  private readonly reportAgain = new Set<string>();
  private reporting = false;
  private reportLater: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    // Coming back to the tab, or reconnecting, reports what is on screen and unreported.
    effect(() => {
      if (this.visibility.visible() && this.connection.status() === 'connected')
        this.reportWhenRendered();
    });
    effect(() => {
      const now = this.clock.now();
      untracked(() => this.store.dropExpired(now));
    });
  }

  start(username: string): void {
    this.stop();
    this.store.open(username);
    this.subscriptions = this.connection.messages$.subscribe((messages) => {
      const { fresh, alreadySeen } = this.store.receive(messages);
      alreadySeen.forEach((id) => this.reportAgain.add(id));
      this.reportWhenRendered();
      this.cues.arrived(fresh);
    });
    this.subscriptions.add(this.connection.viewed$.subscribe((ids) => this.store.markSeen(ids)));
    this.subscriptions.add(this.connection.expired$.subscribe((ids) => this.store.remove(ids)));
    this.subscriptions.add(
      this.connection.session$.subscribe(({ token }) => this.session.renewToken(token)),
    );
    this.subscriptions.add(
      this.connection.refused$.subscribe((reason) => {
        this.stop();
        this.session.signOut(reason);
        void this.router.navigate(['/sign-in']);
      }),
    );
    this.connection.connect(username, this.session.token);
  }

  stop(): void {
    clearTimeout(this.reportLater);
    this.subscriptions.unsubscribe();
    this.connection.disconnect();
    this.store.close();
    this.cues.reset();
    this.reportAgain.clear();
  }

  /** Takes a message off the page; one on screen but not yet reported is still reported. */
  dismiss(id: string): void {
    this.keepReporting(this.store.remove([id]));
  }

  clearAll(): void {
    this.keepReporting(this.store.clearAll());
  }

  private keepReporting(unreported: string[]): void {
    if (unreported.length === 0) return;
    unreported.forEach((id) => this.reportAgain.add(id));
    this.reportWhenRendered();
  }

  private reportWhenRendered(): void {
    afterNextRender({ read: () => void this.report() }, { injector: this.injector });
  }

  private async report(): Promise<void> {
    if (this.reporting || !this.visibility.visible() || this.connection.status() !== 'connected')
      return;
    const ids = [...new Set([...this.store.idsToReport(), ...this.reportAgain])];
    if (ids.length === 0) return;
    this.reporting = true;
    try {
      // Deleted or not (a delivery voided by a reconnect comes again, and is reported
      // again then), each of these has been displayed.
      await this.connection.report(ids);
      ids.forEach((id) => this.reportAgain.delete(id));
      this.store.markSeen(ids);
    } catch (error) {
      // Reports came too fast: again when the server said.
      if (error instanceof ReportDeferred) {
        clearTimeout(this.reportLater);
        this.reportLater = setTimeout(() => this.reportWhenRendered(), error.retryAfterMs);
        return;
      }
      // Not connected, or no answer: the next connection reports them.
    } finally {
      this.reporting = false;
    }
    // Messages that arrived while this report was under way.
    if (this.store.idsToReport().length > 0 || this.reportAgain.size > 0) this.reportWhenRendered();
  }
}
