import {
  ChangeDetectionStrategy,
  Component,
  OnDestroy,
  OnInit,
  inject,
  signal,
} from '@angular/core';
import { Router } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import { LanguageService } from '../i18n/language.service';
import { SessionStore } from '../session/session.store';
import { Clock } from './clock.service';
import { InboxConnection } from './inbox-connection.service';
import { InboxSession } from './inbox-session.service';
import { InboxStore } from './inbox.store';
import { MessageCardComponent } from './message-card.component';
import { NewMessageCues } from './new-message-cues.service';
import { PageVisibility } from './page-visibility.service';

@Component({
  selector: 'pg-inbox',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TranslatePipe, MessageCardComponent],
  template: `
    <section
      class="inbox"
      aria-labelledby="inbox-heading"
      [attr.data-page-visible]="visibility.visible()"
    >
      <div class="inbox-bar">
        <p class="who">{{ 'inbox.signedInAs' | translate: { username: username } }}</p>
        <p class="status" [attr.data-status]="connection.status()" role="status">
          <span class="dot" aria-hidden="true"></span>
          <span class="visually-hidden">{{ 'status.label' | translate }}:</span>
          {{ 'status.' + connection.status() | translate }}
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
        @switch (cues.notificationPermission()) {
          @case ('default') {
            <button type="button" (click)="cues.askForNotifications()">
              {{ 'inbox.enableNotifications' | translate }}
            </button>
          }
          @case ('granted') {
            <span class="hint">{{ 'inbox.notificationsOn' | translate }}</span>
          }
          @case ('denied') {
            <span class="hint">{{ 'inbox.notificationsBlocked' | translate }}</span>
          }
        }
        @if (store.messages().length > 0) {
          <button type="button" (click)="clearAll(heading)">
            {{ 'inbox.clearAll' | translate }}
          </button>
        }
      </div>

      <div class="visually-hidden" aria-live="polite" aria-atomic="true">
        {{ cues.announcement() }}
      </div>

      @if (store.messages().length === 0) {
        <p class="empty">{{ 'inbox.empty' | translate }}</p>
      } @else {
        <ol class="messages" [attr.aria-label]="'inbox.list' | translate">
          @for (message of store.messages(); track message.id) {
            <li>
              <pg-message-card
                [message]="message"
                [now]="clock.now()"
                [locale]="locale()"
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
  protected readonly store = inject(InboxStore);
  protected readonly connection = inject(InboxConnection);
  protected readonly cues = inject(NewMessageCues);
  protected readonly clock = inject(Clock);
  protected readonly visibility = inject(PageVisibility);
  private readonly language = inject(LanguageService);
  private readonly session = inject(SessionStore);
  private readonly inbox = inject(InboxSession);
  private readonly router = inject(Router);
  protected readonly username = this.session.username() ?? '';
  protected readonly locale = () => this.language.locale();
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

  protected async signOut(): Promise<void> {
    this.inbox.stop();
    // On a shared computer, the next person must find nothing of this one's.
    this.store.forget(this.username);
    this.session.signOut();
    await this.router.navigate(['/sign-in']);
  }
}
