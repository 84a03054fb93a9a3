import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import { provideTranslateLoader, provideTranslateService } from '@ngx-translate/core';
import type { InboxMessage } from '@prontogram/contracts/wire';
import { BundledTranslationLoader, LanguageService } from '../i18n/language.service';
import { InboxStore } from './inbox.store';
import { NewMessageCues } from './new-message-cues.service';
import { PageVisibility } from './page-visibility.service';

const message = (id: string): InboxMessage => ({
  id,
  sender: 'ACMESky',
  receiver: 'mario',
  body: `offer ${id}`,
  sentAt: new Date().toISOString(),
  expiresAt: new Date(Date.now() + 60_000).toISOString(),
});

describe('NewMessageCues', () => {
  const shown: { title: string; options?: NotificationOptions }[] = [];
  let visible = true;

  beforeEach(() => {
    shown.length = 0;
    visible = true;
    localStorage.clear();
    Object.defineProperty(window, 'Notification', {
      configurable: true,
      value: Object.assign(
        function FakeNotification(title: string, options?: NotificationOptions) {
          shown.push({ title, options });
        },
        { permission: 'granted', requestPermission: async () => 'granted' },
      ),
    });
    TestBed.configureTestingModule({
      providers: [
        provideTranslateService({
          fallbackLang: 'en',
          loader: provideTranslateLoader(BundledTranslationLoader),
        }),
        { provide: PageVisibility, useValue: { visible: () => visible } },
      ],
    });
    TestBed.inject(LanguageService).use('en', false);
    TestBed.inject(InboxStore).open('mario');
  });

  it('puts the number of unseen messages in the tab title', () => {
    TestBed.inject(NewMessageCues);
    const store = TestBed.inject(InboxStore);

    store.receive([message('a'), message('b')]);
    TestBed.tick();
    expect(TestBed.inject(Title).getTitle()).toBe('(2) ProntoGram');

    store.markSeen(['a', 'b']);
    TestBed.tick();
    expect(TestBed.inject(Title).getTitle()).toBe('ProntoGram');
  });

  it('notifies only while the page is hidden', () => {
    const cues = TestBed.inject(NewMessageCues);

    cues.arrived([message('a')]);
    expect(shown).toEqual([]);

    visible = false;
    cues.arrived([message('b')]);
    expect(shown).toEqual([
      { title: 'ProntoGram: ACMESky', options: { body: 'offer b', tag: 'b' } },
    ]);
  });

  it('announces arrivals politely, even the same words twice', async () => {
    jest.useFakeTimers();
    try {
      const cues = TestBed.inject(NewMessageCues);
      cues.arrived([message('a')]);
      jest.advanceTimersByTime(100);
      expect(cues.announcement()).toBe('New message from ACMESky');

      cues.arrived([message('b')]);
      expect(cues.announcement()).toBe('');
      jest.advanceTimersByTime(100);
      expect(cues.announcement()).toBe('New message from ACMESky');

      cues.arrived([message('c'), message('d')]);
      jest.advanceTimersByTime(100);
      expect(cues.announcement()).toBe('2 new messages');
    } finally {
      jest.useRealTimers();
    }
  });
});
