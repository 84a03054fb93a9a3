import { DOCUMENT } from '@angular/common';
import { Injectable, inject, signal } from '@angular/core';
import { normaliseUsername } from '@prontogram/contracts/wire';

const STORAGE_KEY = 'prontogram.username';

/** Who is signed in, remembered for this browser tab (sessionStorage). */
@Injectable({ providedIn: 'root' })
export class SessionStore {
  private readonly storage = inject(DOCUMENT).defaultView?.sessionStorage;
  private readonly current = signal<string | null>(this.storage?.getItem(STORAGE_KEY) ?? null);
  private readonly refused = signal<string | null>(null);
  readonly username = this.current.asReadonly();
  /** Why the server refused the last sign-in, if it did. */
  readonly refusal = this.refused.asReadonly();

  signIn(username: string): void {
    const normalised = normaliseUsername(username.trim());
    this.storage?.setItem(STORAGE_KEY, normalised);
    this.current.set(normalised);
    this.refused.set(null);
  }

  signOut(refusal: string | null = null): void {
    this.storage?.removeItem(STORAGE_KEY);
    this.current.set(null);
    this.refused.set(refusal);
  }
}
