import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { FakeInboxConnection } from '../../testing/fake-inbox-connection';
import { inboxMessage } from '../../testing/inbox-message';
import { provideI18n } from '../i18n/i18n.providers';
import { SessionStore } from '../session/session.store';
import { InboxConnectionService } from './inbox-connection.service';
import { InboxPageService } from './inbox-page.service';
import { PushNotificationsService, PushState } from './push-notifications.service';

const message = inboxMessage();

describe('InboxPageService', () => {
  let connection: FakeInboxConnection;
  let page: InboxPageService;
  let session: SessionStore;
  let navigate: jest.SpyInstance;
  const push = {
    state: signal<PushState>('unsupported'),
    start: jest.fn(async () => undefined),
    enable: jest.fn(async () => undefined),
    disable: jest.fn(async () => undefined),
  };

  /** Mario's page, showing one message it had already reported: this browser keeps a copy. */
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
    connection = new FakeInboxConnection();
    push.state.set('unsupported');
    jest.clearAllMocks();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideI18n(),
        { provide: InboxConnectionService, useValue: connection },
        { provide: PushNotificationsService, useValue: push },
      ],
    });
    navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    session = TestBed.inject(SessionStore);
    session.signIn('mario');
    page = TestBed.inject(InboxPageService);
    page.start('mario');
    connection.messages$.next([message]);
    connection.viewed$.next([message.id]);
  });

  const keptCopies = () => localStorage.getItem('prontogram.seen.mario');

  it('finds out about Web Push once connected, and says what it offers', () => {
    expect(push.start).not.toHaveBeenCalled();
    connection.connected$.next();
    connection.connected$.next();
    expect(push.start).toHaveBeenCalledTimes(1);

    // Without Web Push, the page's own notifications (jsdom has none to offer).
    expect(page.notifications()).toEqual({});
    push.state.set('ask');
    expect(page.notifications()).toEqual({ offer: 'inbox.pushOffer' });
    push.state.set('denied');
    expect(page.notifications()).toEqual({ hint: 'inbox.pushDenied' });
    push.state.set('failed');
    expect(page.notifications()).toEqual({ hint: 'inbox.pushFailed', offer: 'inbox.pushRetry' });
  });

  it('asks for Web Push where it is offered', async () => {
    push.state.set('ask');
    await page.askForNotifications();
    expect(push.enable).toHaveBeenCalled();
  });

  it('opens the inbox of whoever signed in', () => {
    expect(connection.connect).toHaveBeenCalledWith('mario', undefined);
    expect(page.messages()).toEqual([{ ...message, state: 'seen' }]);
    expect(keptCopies()).toContain(message.body);
  });

  it("deletes this browser's copies when the person signs out, and stops its notifications", async () => {
    await page.signOut();

    expect(push.disable).toHaveBeenCalled();
    expect(keptCopies()).toBeNull();
    expect(page.messages()).toEqual([]);
    expect(connection.disconnect).toHaveBeenCalled();
    expect(session.username()).toBeNull();
    expect(session.refusal()).toBeNull();
    expect(navigate).toHaveBeenCalledWith(['/sign-in']);
  });

  it('signs out the same way, keeping the copies, when the server refuses the sign-in', async () => {
    connection.refused$.next('too-many-sessions');
    await navigate.mock.results[0]?.value;
    expect(push.disable).not.toHaveBeenCalled();

    expect(keptCopies()).toContain(message.body);
    expect(page.messages()).toEqual([]);
    expect(connection.disconnect).toHaveBeenCalled();
    expect(session.username()).toBeNull();
    expect(session.refusal()).toBe('too-many-sessions');
    expect(navigate).toHaveBeenCalledWith(['/sign-in']);
  });
});
