import { TestBed } from '@angular/core/testing';
import { inboxMessage } from '../../testing/inbox-message';
import { provideI18n } from '../i18n/i18n.providers';
import { LanguageService } from '../i18n/language.service';
import type { ShownMessage } from './inbox.store';
import { MessageCardComponent } from './message-card.component';

describe('MessageCardComponent', () => {
  const now = Date.UTC(2026, 10, 28, 12, 0, 0);
  const message = (body: string): ShownMessage => ({
    ...inboxMessage({
      id: 'id-1',
      body,
      sentAt: new Date(now - 5 * 60_000).toISOString(),
      expiresAt: new Date(now + 2 * 3_600_000).toISOString(),
    }),
    state: 'new',
  });

  async function render(body: string, locale = 'en-GB') {
    TestBed.configureTestingModule({
      imports: [MessageCardComponent],
      providers: [provideI18n()],
    });
    TestBed.inject(LanguageService).use('en', false);
    const fixture = TestBed.createComponent(MessageCardComponent);
    fixture.componentRef.setInput('message', message(body));
    fixture.componentRef.setInput('now', now);
    fixture.componentRef.setInput('locale', locale);
    await fixture.whenStable();
    return { fixture, element: fixture.nativeElement as HTMLElement };
  }

  it('shows sender, body, when it was sent (exact time on hover) and when it expires', async () => {
    const { element } = await render('Il tuo codice offerta è: ABC123.');

    expect(element.querySelector('.sender')?.textContent?.trim()).toBe('From ACMESky');
    expect(element.querySelector('.body')?.textContent?.trim()).toBe(
      'Il tuo codice offerta è: ABC123.',
    );
    const sent = element.querySelector('time.sent') as HTMLTimeElement;
    expect(sent.textContent?.trim()).toBe('Sent 5 minutes ago');
    expect(sent.title).toContain('28 Nov 2026');
    expect(element.querySelector('time.expires')?.textContent?.trim()).toBe('Expires in 2 hours');
  });

  it('renders markup in a body as text', async () => {
    const hostile = '<img src=x onerror="alert(1)"><script>alert(2)</script><b>bold</b>';
    const { element } = await render(hostile);
    const body = element.querySelector('.body') as HTMLElement;

    expect(body.textContent?.trim()).toBe(hostile);
    expect(body.querySelector('img, script, b')).toBeNull();
    expect(body.textContent).toBe(hostile);
  });

  it('makes web addresses links that open safely elsewhere', async () => {
    const { element } = await render('See https://acmesky.example/offer and javascript:alert(1)');
    const links = [...element.querySelectorAll('.body a')] as HTMLAnchorElement[];

    expect(links.map((link) => link.href)).toEqual(['https://acmesky.example/offer']);
    expect(links[0].rel).toBe('noopener noreferrer nofollow');
    expect(links[0].target).toBe('_blank');
  });

  it('names the message in its dismiss button and emits its id', async () => {
    const { fixture, element } = await render('x', 'en');
    const dismissed: string[] = [];
    fixture.componentInstance.dismiss.subscribe((id) => dismissed.push(id));
    const button = element.querySelector('button') as HTMLButtonElement;

    button.click();

    expect(button.getAttribute('aria-label')).toBe('Dismiss the message from ACMESky');
    expect(dismissed).toEqual(['id-1']);
  });
});
