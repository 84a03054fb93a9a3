import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { TranslatePipe } from '@ngx-translate/core';
import type { ShownMessage } from './inbox.store';
import { linkify } from './linkify';
import { exactTime, relativeTime } from './time-format';

/** One message. Its body is rendered as text, never as HTML; web addresses become links. */
@Component({
  selector: 'pg-message-card',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TranslatePipe],
  template: `
    <article
      class="message"
      [class.unseen]="message().state === 'new'"
      [attr.aria-labelledby]="headingId()"
    >
      <header class="message-header">
        <h3 class="sender" [id]="headingId()">
          {{ 'inbox.from' | translate: { sender: message().sender } }}
        </h3>
        <time class="sent" [attr.datetime]="message().sentAt" [title]="sentExactly()">
          {{ 'inbox.sent' | translate: { when: sentAgo() } }}
        </time>
      </header>
      <p class="body">
        @for (part of parts(); track $index) {
          @if (part.href) {
            <a [href]="part.href" target="_blank" rel="noopener noreferrer nofollow">{{
              part.text
            }}</a>
          } @else {
            <span>{{ part.text }}</span>
          }
        }
      </p>
      <footer class="message-footer">
        <time class="expires" [attr.datetime]="message().expiresAt" [title]="expiresExactly()">
          {{ 'inbox.expiresIn' | translate: { when: expiresIn() } }}
        </time>
        <span class="badge" [class.badge-new]="message().state === 'new'">
          {{ (message().state === 'new' ? 'inbox.new' : 'inbox.viewed') | translate }}
        </span>
        <button
          type="button"
          class="quiet"
          (click)="dismiss.emit(message().id)"
          [attr.aria-label]="'inbox.dismissMessage' | translate: { sender: message().sender }"
        >
          {{ 'inbox.dismiss' | translate }}
        </button>
      </footer>
    </article>
  `,
})
export class MessageCardComponent {
  readonly message = input.required<ShownMessage>();
  readonly now = input.required<number>();
  readonly locale = input.required<string>();
  readonly dismiss = output<string>();

  protected readonly headingId = computed(() => `message-${this.message().id}`);
  protected readonly parts = computed(() => linkify(this.message().body));
  // A clock behind the server's would say "in 2 minutes": a sent time is never in the future.
  protected readonly sentAgo = computed(() =>
    relativeTime(
      this.message().sentAt,
      Math.max(this.now(), Date.parse(this.message().sentAt)),
      this.locale(),
    ),
  );
  protected readonly sentExactly = computed(() => exactTime(this.message().sentAt, this.locale()));
  protected readonly expiresIn = computed(() =>
    relativeTime(this.message().expiresAt, this.now(), this.locale()),
  );
  protected readonly expiresExactly = computed(() =>
    exactTime(this.message().expiresAt, this.locale()),
  );
}
