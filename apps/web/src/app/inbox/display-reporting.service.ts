import { Injectable, Injector, afterNextRender, effect, inject } from '@angular/core';
import { InboxConnectionService, ReportDeferred } from './inbox-connection.service';
import { InboxStore } from './inbox.store';
import { PageVisibilityService } from './page-visibility.service';

/**
 * The page's half of the delivery contract: a message is reported displayed only after it
 * has been rendered while the page is visible. What the store holds as new is reported, and
 * what was displayed but is owed a report again: a message that comes again (after a
 * reconnect) and was already shown, or one taken off the page before it was reported.
 */
@Injectable({ providedIn: 'root' })
export class DisplayReportingService {
  private readonly injector = inject(Injector);
  private readonly connection = inject(InboxConnectionService);
  private readonly store = inject(InboxStore);
  private readonly visibility = inject(PageVisibilityService);

  /** Displayed, and to be reported (again) although the store no longer holds them as new. */
  private readonly owed = new Set<string>();
  private reporting = false;
  private reportLater: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    // Coming back to the tab, or reconnecting, reports what is on screen and unreported.
    effect(() => {
      if (this.visibility.visible() && this.connection.status() === 'connected')
        this.reportWhenRendered();
    });
  }

  /**
   * Reports what is on the page and unreported, once the page has rendered it, together with
   * `displayedBefore`: messages displayed earlier that are owed a report.
   */
  reportWhenRendered(displayedBefore: readonly string[] = []): void {
    displayedBefore.forEach((id) => this.owed.add(id));
    afterNextRender({ read: () => void this.report() }, { injector: this.injector });
  }

  /** The inbox closed: nothing is owed any more, and no deferred report comes back. */
  reset(): void {
    clearTimeout(this.reportLater);
    this.owed.clear();
  }

  private async report(): Promise<void> {
    if (this.reporting || !this.visibility.visible() || this.connection.status() !== 'connected')
      return;
    const ids = [...new Set([...this.store.idsToReport(), ...this.owed])];
    if (ids.length === 0) return;
    this.reporting = true;
    try {
      // Deleted or not (a delivery voided by a reconnect comes again, and is reported
      // again then), each of these has been displayed.
      await this.connection.report(ids);
      ids.forEach((id) => this.owed.delete(id));
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
    if (this.store.idsToReport().length > 0 || this.owed.size > 0) this.reportWhenRendered();
  }
}
