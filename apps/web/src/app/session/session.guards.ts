import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { SessionStore } from './session.store';

/** The inbox needs a signed-in user; others go to the sign-in page. */
export const signedInGuard: CanActivateFn = () =>
  inject(SessionStore).username() !== null || inject(Router).createUrlTree(['/sign-in']);

/** A signed-in user has nothing to do on the sign-in page. */
export const signedOutGuard: CanActivateFn = () =>
  inject(SessionStore).username() === null || inject(Router).createUrlTree(['/']);
