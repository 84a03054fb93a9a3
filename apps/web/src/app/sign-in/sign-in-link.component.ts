import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, OnInit, inject } from '@angular/core';
import { Router } from '@angular/router';
import { SessionStore } from '../session/session.store';

/**
 * Where a sign-in link lands (`/sign-in/link#token=...`): keeps the token for this tab, takes
 * it out of the address bar and the history, and opens the inbox. The server checks the token.
 */
@Component({
  selector: 'pg-sign-in-link',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: '',
})
export class SignInLinkComponent implements OnInit {
  private readonly session = inject(SessionStore);
  private readonly router = inject(Router);
  private readonly location = inject(DOCUMENT).defaultView?.location;

  async ngOnInit(): Promise<void> {
    const token = new URLSearchParams(this.location?.hash.slice(1) ?? '').get('token');
    const signedIn = this.session.signInWithLink(token);
    await this.router.navigate([signedIn ? '/' : '/sign-in'], { replaceUrl: true });
  }
}
