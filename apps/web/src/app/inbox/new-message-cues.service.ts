import { DOCUMENT } from '@angular/common';
import { Injectable, effect, inject, signal } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { TranslateService } from '@ngx-translate/core';
import type { InboxMessage } from '@prontogram/contracts/wire';
import { InboxStore } from './inbox.store';
import { PageVisibility } from './page-visibility.service';

export type NotificationPermissionState = NotificationPermission | 'unsupported';

/**
 * Tells the person something arrived: an unread count in the tab title, a polite
 * announcement for screen readers, and a browser notification while the tab is hidden
 * (once the person has allowed them).
 */
@Injectable({ providedIn: 'root' })
export class NewMessageCues {
  private readonly window = inject(DOCUMENT).defaultView;
  private readonly title = inject(Title);
  private readonly translate = inject(TranslateService);
  private readonly visibility = inject(PageVisibility);
  private readonly store = inject(InboxStore);
  private readonly spoken = signal('');
  private readonly permission = signal<NotificationPermissionState>(this.currentPermission());

  /** The text of the polite live region. */
  readonly announcement = this.spoken.asReadonly();
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
    // The same words twice in a row are still two arrivals: empty the region first.
    this.spoken.set('');
    setTimeout(() => this.spoken.set(text), 50);
    if (!this.visibility.visible() && this.permission() === 'granted') this.notify(messages);
  }

  reset(): void {
    this.spoken.set('');
  }

  async askForNotifications(): Promise<void> {
    if (!this.window || !('Notification' in this.window)) return;
    this.permission.set(await Notification.requestPermission());
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
        // count and the live region still tell.
        return;
      }
    }
  }
}
