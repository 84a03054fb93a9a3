import { LiveAnnouncer } from '@angular/cdk/a11y';
import { DOCUMENT } from '@angular/common';
import { Injectable, effect, inject, signal } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { TranslateService } from '@ngx-translate/core';
import type { InboxMessage } from '@prontogram/contracts/wire';
import { InboxStore } from './inbox.store';
import { PageVisibilityService } from './page-visibility.service';

export type NotificationPermissionState = NotificationPermission | 'unsupported';

/**
 * Tells the person something arrived: an unread count in the tab title, a polite
 * announcement for screen readers (the CDK's live announcer), and a browser notification
 * while the tab is hidden (once the person has allowed them).
 */
@Injectable({ providedIn: 'root' })
export class NewMessageCuesService {
  private readonly window = inject(DOCUMENT).defaultView;
  private readonly title = inject(Title);
  private readonly translate = inject(TranslateService);
  private readonly announcer = inject(LiveAnnouncer);
  private readonly visibility = inject(PageVisibilityService);
  private readonly store = inject(InboxStore);
  private readonly permission = signal<NotificationPermissionState>(this.currentPermission());

  readonly notificationPermission = this.permission.asReadonly();

  constructor() {
    effect(() => {
      const unseen = this.store.unseenCount();
      this.title.setTitle(unseen > 0 ? `(${unseen}) ProntoGram` : 'ProntoGram');
    });
  }

  arrived(messages: InboxMessage[]): void {
    if (messages.length === 0) return;
    const text =
      messages.length === 1
        ? this.translate.instant('inbox.announce', { sender: messages[0].sender })
        : this.translate.instant('inbox.announceMany', { count: messages.length });
    // The announcer empties its live region first: the same words twice are two arrivals.
    void this.announcer.announce(text, 'polite');
    if (!this.visibility.visible() && this.permission() === 'granted') this.notify(messages);
  }

  /** Nothing is left to say (the inbox closed): a screen reader does not read it later. */
  reset(): void {
    this.announcer.clear();
  }

  async askForNotifications(): Promise<void> {
    if (!this.window || !('Notification' in this.window)) return;
    this.permission.set(await Notification.requestPermission());
  }

  /** Reads the permission again: asking for Web Push may have changed it. */
  refreshPermission(): void {
    this.permission.set(this.currentPermission());
  }

  private currentPermission(): NotificationPermissionState {
    return this.window && 'Notification' in this.window ? Notification.permission : 'unsupported';
  }

  private notify(messages: InboxMessage[]): void {
    for (const message of messages.slice(0, 3)) {
      const title = this.translate.instant('inbox.notificationTitle', { sender: message.sender });
      try {
        new Notification(title, { body: message.body, tag: message.id });
      } catch {
        // Some browsers (Android Chrome) notify only through a service worker; the title
        // count and the announcement still tell.
        return;
      }
    }
  }
}
