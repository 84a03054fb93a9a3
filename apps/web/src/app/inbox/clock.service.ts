import { DestroyRef, Injectable, inject, signal } from '@angular/core';

const TICK_MS = 5_000;

/** The current time as a signal, so "5 minutes ago" and expiries move on by themselves. */
@Injectable({ providedIn: 'root' })
export class ClockService {
  private readonly current = signal(Date.now());
  readonly now = this.current.asReadonly();

  constructor() {
    const timer = setInterval(() => this.current.set(Date.now()), TICK_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }
}
