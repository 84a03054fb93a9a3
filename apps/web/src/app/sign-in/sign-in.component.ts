import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  linkedSignal,
  signal,
} from '@angular/core';
import { Router } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import {
  isUsernameProblemCode,
  SIGN_IN_REFUSAL_CODES,
  USERNAME_MAX_LENGTH,
  usernameProblemCode,
} from '@prontogram/contracts/wire';
import { SessionStore } from '../session/session.store';

/** One field: the username, checked with the shared rule as it is typed. */
@Component({
  selector: 'pg-sign-in',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TranslatePipe],
  template: `
    <section class="card sign-in" aria-labelledby="sign-in-heading">
      <h1 id="sign-in-heading">{{ 'signIn.heading' | translate }}</h1>
      <p>{{ 'signIn.intro' | translate }}</p>
      @if (session.refusal(); as reason) {
        <p class="error" role="alert">
          @if (isProblemCode(reason)) {
            {{ 'signIn.problems.' + reason | translate }}
          } @else {
            {{ 'signIn.refused' | translate: { reason } }}
          }
        </p>
      }
      <form (submit)="submit($event)" novalidate>
        <label for="username">{{ 'signIn.username' | translate }}</label>
        <input
          id="username"
          name="username"
          type="text"
          autocomplete="username"
          autocapitalize="none"
          spellcheck="false"
          [attr.maxlength]="maxLength + 1"
          [value]="name()"
          (input)="name.set(inputValue($event))"
          (blur)="touched.set(true)"
          [attr.aria-invalid]="showProblem() ? 'true' : null"
          aria-describedby="username-hint username-problem"
          required
        />
        <p id="username-hint" class="hint">{{ 'signIn.hint' | translate }}</p>
        <p id="username-problem" class="error" aria-live="polite">
          @if (showProblem(); as code) {
            {{ 'signIn.problems.' + code | translate }}
          }
        </p>
        <button type="submit" class="primary">{{ 'signIn.submit' | translate }}</button>
      </form>
    </section>
  `,
})
export class SignInComponent {
  protected readonly session = inject(SessionStore);
  private readonly router = inject(Router);
  protected readonly maxLength = USERNAME_MAX_LENGTH;
  /**
   * `/sign-in?as=<username>`: the name to offer, as a notification clicked in a closed tab
   * opens the page (the tab's sign-in is gone with it).
   */
  readonly as = input<string>();
  protected readonly name = linkedSignal(() => this.as() ?? '');
  protected readonly touched = signal(false);
  private readonly problem = computed(() => usernameProblemCode(this.name().trim()));
  /** Shown once the person has typed something or tried to submit. */
  protected readonly showProblem = computed(() =>
    this.touched() || this.name() !== '' ? this.problem() : null,
  );

  /** Reasons the server gives as codes (see the gateway's refusal) are translated here. */
  protected isProblemCode(reason: string): boolean {
    return (
      isUsernameProblemCode(reason) || (SIGN_IN_REFUSAL_CODES as readonly string[]).includes(reason)
    );
  }

  protected inputValue(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  protected async submit(event: Event): Promise<void> {
    event.preventDefault();
    this.touched.set(true);
    if (this.problem() !== null) return;
    this.session.signIn(this.name());
    await this.router.navigate(['/']);
  }
}
