import { DOCUMENT } from '@angular/common';
import { Injectable, inject, signal } from '@angular/core';
import { normaliseUsername, type SignInRefusalCode } from '@prontogram/contracts/wire';
import { decodeJwt } from 'jose';

const USERNAME_KEY = 'prontogram.username';
const TOKEN_KEY = 'prontogram.token';

/**
 * Who is signed in, remembered for this browser tab (sessionStorage): the username, and
 * where the server signs people in through links, the token that proves it.
 */
@Injectable({ providedIn: 'root' })
export class SessionStore {
  private readonly storage = inject(DOCUMENT).defaultView?.sessionStorage;
  private readonly current = signal<string | null>(this.storage?.getItem(USERNAME_KEY) ?? null);
  private readonly refused = signal<string | null>(null);
  readonly username = this.current.asReadonly();
  /** Why the server refused the last sign-in, if it did. */
  readonly refusal = this.refused.asReadonly();

  /** The token to sign in with, where the server asks for one (`SIGN_IN_MODE=link`). */
  get token(): string | undefined {
    return this.storage?.getItem(TOKEN_KEY) ?? undefined;
  }

  signIn(username: string): void {
    this.storage?.removeItem(TOKEN_KEY);
    this.remember(normaliseUsername(username.trim()));
  }

  /**
   * Signs in as the person a link's token names, replacing whoever was signed in in this tab.
   * The page only reads the name; the server checks the signature at the handshake. False
   * (nobody signed in, and the sign-in page says why) when there is no token or it names nobody.
   */
  signInWithLink(token: string | null): boolean {
    let username: unknown;
    try {
      username = token === null ? undefined : decodeJwt(token).sub;
    } catch {
      username = undefined;
    }
    if (token === null || typeof username !== 'string' || username === '') {
      this.clear('link-invalid' satisfies SignInRefusalCode);
      return false;
    }
    this.storage?.setItem(TOKEN_KEY, token);
    this.remember(username);
    return true;
  }

  /** The server gave a fresh token for this session: reconnect with it from now on. */
  renewToken(token: string): void {
    if (this.current() !== null) this.storage?.setItem(TOKEN_KEY, token);
  }

  /**
   * Nobody is signed in in this tab any more; `refusal` is why the server refused the sign-in,
   * if it did. Signing out goes through `InboxPageService.signOut`, which also closes the
   * inbox and deletes this browser's copies; only a sign-in that fails before the inbox
   * opens (a link that names nobody) comes here directly.
   */
  clear(refusal: string | null = null): void {
    this.storage?.removeItem(USERNAME_KEY);
    this.storage?.removeItem(TOKEN_KEY);
    this.current.set(null);
    this.refused.set(refusal);
  }

  private remember(username: string): void {
    this.storage?.setItem(USERNAME_KEY, username);
    this.current.set(username);
    this.refused.set(null);
  }
}
