import type { Routes } from '@angular/router';
import { signedInGuard, signedOutGuard } from './session/session.guards';

export const appRoutes: Routes = [
  {
    path: '',
    pathMatch: 'full',
    canActivate: [signedInGuard],
    loadComponent: () => import('./inbox/inbox.component').then((m) => m.InboxComponent),
  },
  {
    // A sign-in link: it replaces whoever was signed in in this tab.
    path: 'sign-in/link',
    loadComponent: () =>
      import('./sign-in/sign-in-link.component').then((m) => m.SignInLinkComponent),
  },
  {
    path: 'sign-in',
    canActivate: [signedOutGuard],
    loadComponent: () => import('./sign-in/sign-in.component').then((m) => m.SignInComponent),
  },
  { path: '**', redirectTo: '' },
];
