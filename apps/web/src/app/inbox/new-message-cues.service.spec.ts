import { LiveAnnouncer } from '@angular/cdk/a11y';
import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import { inboxMessage } from '../../testing/inbox-message';
import { provideI18n } from '../i18n/i18n.providers';
import { LanguageService } from '../i18n/language.service';
import { InboxStore } from './inbox.store';
import { NewMessageCuesService } from './new-message-cues.service';
import { PageVisibilityService } from './page-visibility.service';

const message = (id: string) => inboxMessage({ id, body: `offer ${id}` });

describe('NewMessageCuesService', () => {
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
        provideI18n(),
        { provide: PageVisibilityService, useValue: { visible: () => visible } },
      ],
    });
    TestBed.inject(LanguageService).use('en', false);
    TestBed.inject(InboxStore).open('mario');
  });

  it('puts the number of unseen messages in the tab title', () => {
    TestBed.inject(NewMessageCuesService);
    const store = TestBed.inject(InboxStore);

    store.receive([message('a'), message('b')]);
    TestBed.tick();
    expect(TestBed.inject(Title).getTitle()).toBe('(2) ProntoGram');

    store.markSeen(['a', 'b']);
    TestBed.tick();
    expect(TestBed.inject(Title).getTitle()).toBe('ProntoGram');
  });

  it('notifies only while the page is hidden', () => {
    const cues = TestBed.inject(NewMessageCuesService);

    cues.arrived([message('a')]);
    expect(shown).toEqual([]);

    visible = false;
    cues.arrived([message('b')]);
    expect(shown).toEqual([
      { title: 'ProntoGram: ACMESky', options: { body: 'offer b', tag: 'b' } },
    ]);
  });

  it('announces arrivals politely, even the same words twice', () => {
    const announce = jest.spyOn(TestBed.inject(LiveAnnouncer), 'announce').mockResolvedValue();
    const cues = TestBed.inject(NewMessageCuesService);

    cues.arrived([message('a')]);
    cues.arrived([message('b')]);
    cues.arrived([message('c'), message('d')]);
    cues.arrived([]);

    expect(announce.mock.calls).toEqual([
      ['New message from ACMESky', 'polite'],
      ['New message from ACMESky', 'polite'],
      ['2 new messages', 'polite'],
    ]);
  });

  it('speaks in a live region hidden by a stylesheet class (the CSP allows no inline style)', () => {
    jest.useFakeTimers();
    try {
      const cues = TestBed.inject(NewMessageCuesService);
      cues.arrived([message('a')]);
      jest.advanceTimersByTime(100);

      const region = document.querySelector('.cdk-live-announcer-element') as HTMLElement;
      expect(region.getAttribute('aria-live')).toBe('polite');
      expect(region.classList).toContain('cdk-visually-hidden');
      expect(region.getAttribute('style')).toBeNull();
      expect(region.textContent).toBe('New message from ACMESky');

      cues.reset();
      expect(region.textContent).toBe('');
    } finally {
      jest.useRealTimers();
    }
  });
});
