import { TestBed } from '@angular/core/testing';
import { inboxMessage } from '../../testing/inbox-message';
import { InboxStore } from './inbox.store';

describe('InboxStore', () => {
  let store: InboxStore;

  beforeEach(() => {
    localStorage.clear();
    store = TestBed.inject(InboxStore);
    store.open('mario');
  });

  it('shows new messages newest first and de-duplicates by id', () => {
    const [older, newer] = [inboxMessage(), inboxMessage()];

    expect(store.receive([older, newer]).fresh).toEqual([older, newer]);
    expect(store.receive([older]).fresh).toEqual([]);

    expect(store.messages().map((entry) => entry.id)).toEqual([newer.id, older.id]);
    expect(store.unseenCount()).toBe(2);
    expect(store.idsToReport()).toEqual([newer.id, older.id]);
  });

  it('asks to report again a redelivery of a message it had already shown', () => {
    const shown = inboxMessage();
    store.receive([shown]);
    store.markSeen([shown.id]);

    expect(store.receive([shown])).toEqual({ fresh: [], alreadySeen: [shown.id] });
    expect(store.messages()).toHaveLength(1);
  });

  it('never shows a message that has already expired', () => {
    const expired = inboxMessage({ expiresAt: new Date(Date.now() - 1).toISOString() });

    expect(store.receive([expired]).fresh).toEqual([]);
    expect(store.messages()).toEqual([]);
  });

  it('keeps what was seen across a reload, but not what is still unreported', () => {
    const [seen, unreported] = [inboxMessage(), inboxMessage()];
    store.receive([seen, unreported]);
    store.markSeen([seen.id]);

    const reloaded = TestBed.runInInjectionContext(() => new InboxStore());
    reloaded.open('mario');

    expect(reloaded.messages()).toEqual([{ ...seen, state: 'seen' }]);
  });

  it('keeps each user apart in the browser', () => {
    const forMario = inboxMessage();
    store.receive([forMario]);
    store.markSeen([forMario.id]);

    store.open('luigi');

    expect(store.messages()).toEqual([]);
  });

  it('forgets dismissed, cleared and expired messages, also in storage', () => {
    const [a, b, c] = [
      inboxMessage(),
      inboxMessage(),
      inboxMessage({ expiresAt: new Date(Date.now() + 1000).toISOString() }),
    ];
    store.receive([a, b, c]);
    store.markSeen([a.id, b.id, c.id]);

    store.remove([a.id]);
    expect(store.messages().map((entry) => entry.id)).toEqual([c.id, b.id]);
    store.dropExpired(Date.now() + 2000);
    expect(store.messages().map((entry) => entry.id)).toEqual([b.id]);
    store.clearAll();
    expect(store.messages()).toEqual([]);
    expect(JSON.parse(localStorage.getItem('prontogram.seen.mario') ?? 'null')).toEqual([]);
  });

  it('says which removed messages were not yet reported', () => {
    const [seen, unreported] = [inboxMessage(), inboxMessage()];
    store.receive([seen, unreported]);
    store.markSeen([seen.id]);

    expect(store.clearAll()).toEqual([unreported.id]);
  });

  it('reads back from storage only seen messages of the delivered shape', () => {
    const [kept, unreported, broken] = [inboxMessage(), inboxMessage(), inboxMessage()];
    localStorage.setItem(
      'prontogram.seen.mario',
      JSON.stringify([
        { ...kept, state: 'seen', extra: 'dropped' },
        { ...unreported, state: 'new' },
        { ...broken, body: 42, state: 'seen' },
        null,
        'text',
      ]),
    );

    store.open('mario');

    expect(store.messages()).toEqual([{ ...kept, state: 'seen' }]);
  });

  it('survives storage that holds garbage', () => {
    localStorage.setItem('prontogram.seen.mario', '{not json');
    store.open('mario');
    expect(store.messages()).toEqual([]);
  });
});
