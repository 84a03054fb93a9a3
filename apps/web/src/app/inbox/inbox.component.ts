import {
  ChangeDetectionStrategy,
  Component,
  OnDestroy,
  OnInit,
  inject,
  signal,
} from '@angular/core';
import { TranslatePipe } from '@ngx-translate/core';
import { InboxPageService } from './inbox-page.service';
import { MessageCardComponent } from './message-card.component';

@Component({
  selector: 'pg-inbox',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TranslatePipe, MessageCardComponent],
  template: `
    <section
      class="inbox"
      aria-labelledby="inbox-heading"
      [attr.data-page-visible]="inbox.pageVisible()"
    >
      <div class="inbox-bar">
        <p class="who">{{ 'inbox.signedInAs' | translate: { username: username } }}</p>
        <p class="status" [attr.data-status]="inbox.status()" role="status">
          <span class="dot" aria-hidden="true"></span>
          <span class="cdk-visually-hidden">{{ 'status.label' | translate }}:</span>
          {{ 'status.' + inbox.status() | translate }}
        </p>
        <button
          type="button"
          (click)="confirmingSignOut.set(true)"
          [attr.aria-expanded]="confirmingSignOut()"
          aria-controls="sign-out-notice"
        >
          {{ 'inbox.signOut' | translate }}
        </button>
      </div>

      @if (confirmingSignOut()) {
        <div
          id="sign-out-notice"
          class="card notice"
          role="alertdialog"
          aria-labelledby="sign-out-text"
        >
          <p id="sign-out-text">{{ 'inbox.signOutNotice' | translate }}</p>
          <button type="button" class="primary" (click)="signOut()">
            {{ 'inbox.signOutConfirm' | translate }}
          </button>
          <button type="button" (click)="confirmingSignOut.set(false)">
            {{ 'inbox.signOutCancel' | translate }}
          </button>
        </div>
      }

      <div class="inbox-toolbar">
        <h1 id="inbox-heading" tabindex="-1" #heading>{{ 'inbox.heading' | translate }}</h1>
        @let notifications = inbox.notifications();
        @if (notifications.hint) {
          <span class="hint">{{ notifications.hint | translate }}</span>
        }
        @if (notifications.offer) {
          <button type="button" (click)="inbox.askForNotifications()">
            {{ notifications.offer | translate }}
          </button>
        }
        @if (inbox.messages().length > 0) {
          <button type="button" (click)="clearAll(heading)">
            {{ 'inbox.clearAll' | translate }}
          </button>
        }
      </div>

      @if (inbox.messages().length === 0) {
        <p class="empty">{{ 'inbox.empty' | translate }}</p>
      } @else {
        <ol class="messages" [attr.aria-label]="'inbox.list' | translate">
          @for (message of inbox.messages(); track message.id) {
            <li>
              <pg-message-card
                [message]="message"
                [now]="inbox.now()"
                [locale]="inbox.locale()"
                (dismiss)="dismiss($event, heading)"
              />
            </li>
          }
        </ol>
      }
    </section>
  `,
})
export class InboxComponent implements OnInit, OnDestroy {
  protected readonly inbox = inject(InboxPageService);
  protected readonly username = this.inbox.username() ?? '';
  /** Signing out deletes this browser's copies: the page says so first. */
  protected readonly confirmingSignOut = signal(false);

  ngOnInit(): void {
    this.inbox.start(this.username);
  }

  ngOnDestroy(): void {
    this.inbox.stop();
  }

  /** The dismissed card took the focus with it: give it to the heading, not to the page. */
  protected dismiss(id: string, heading: HTMLElement): void {
    this.inbox.dismiss(id);
    heading.focus();
  }

  protected clearAll(heading: HTMLElement): void {
    this.inbox.clearAll();
    heading.focus();
  }

  protected signOut(): Promise<void> {
    return this.inbox.signOut();
  }
}
