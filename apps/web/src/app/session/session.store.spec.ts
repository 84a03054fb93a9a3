import { TestBed } from '@angular/core/testing';
import { SessionStore } from './session.store';

describe('SessionStore', () => {
  beforeEach(() => sessionStorage.clear());

  it('remembers the normalised username for the tab', () => {
    TestBed.inject(SessionStore).signIn('  Mario.Rossi ');

    expect(TestBed.inject(SessionStore).username()).toBe('mario.rossi');
    expect(sessionStorage.getItem('prontogram.username')).toBe('mario.rossi');
  });

  it('starts signed in when the tab remembers a username', () => {
    sessionStorage.setItem('prontogram.username', 'luigi');

    expect(TestBed.inject(SessionStore).username()).toBe('luigi');
  });

  it('forgets the username when cleared', () => {
    const store = TestBed.inject(SessionStore);
    store.signIn('mario');
    store.clear();

    expect(store.username()).toBeNull();
    expect(sessionStorage.getItem('prontogram.username')).toBeNull();
  });

  it('signs out whoever was signed in when a sign-in link names nobody, and says why', () => {
    const store = TestBed.inject(SessionStore);
    store.signIn('mario');

    expect(store.signInWithLink(null)).toBe(false);
    expect(store.username()).toBeNull();
    expect(store.refusal()).toBe('link-invalid');

    store.signIn('mario');
    expect(store.signInWithLink('not-a-token')).toBe(false);
    expect(store.refusal()).toBe('link-invalid');
  });
});
