import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { provideI18n } from '../i18n/i18n.providers';
import { LanguageService } from '../i18n/language.service';
import { SessionStore } from '../session/session.store';
import { SignInComponent } from './sign-in.component';

describe('SignInComponent', () => {
  async function render(prepare: () => void = () => undefined, as?: string) {
    TestBed.configureTestingModule({
      imports: [SignInComponent],
      providers: [provideRouter([]), provideI18n()],
    });
    TestBed.inject(LanguageService).use('en', false);
    prepare();
    const fixture = TestBed.createComponent(SignInComponent);
    if (as !== undefined) fixture.componentRef.setInput('as', as);
    await fixture.whenStable();
    const element: HTMLElement = fixture.nativeElement;
    const input = element.querySelector('input') as HTMLInputElement;
    const type = async (value: string) => {
      input.value = value;
      input.dispatchEvent(new Event('input'));
      await fixture.whenStable();
    };
    const problem = () => element.querySelector('#username-problem')?.textContent?.trim();
    const submit = async () => {
      element.querySelector('form')?.dispatchEvent(new Event('submit'));
      await fixture.whenStable();
    };
    return { element, input, type, problem, submit };
  }

  beforeEach(() => sessionStorage.clear());

  it('offers the name a notification was for (/sign-in?as=…), and signs in with it', async () => {
    const { input, submit } = await render(undefined, 'mario.rossi');
    expect(input.value).toBe('mario.rossi');
    await submit();
    expect(TestBed.inject(SessionStore).username()).toBe('mario.rossi');
  });

  it('labels its one field', async () => {
    const { element, input } = await render();
    expect(element.querySelector(`label[for="${input.id}"]`)?.textContent).toBe('Username');
  });

  it.each([
    ['mario rossi', 'Use only letters, digits and . _ - @ (no spaces).'],
    ['x'.repeat(65), 'A username has at most 64 characters.'],
  ])('says what is wrong with %j as it is typed', async (value, message) => {
    const { input, type, problem } = await render();
    await type(value);
    expect(problem()).toBe(message);
    expect(input.getAttribute('aria-invalid')).toBe('true');
  });

  it('asks for a name when the empty form is submitted, and does not sign in', async () => {
    const { problem, submit } = await render();
    await submit();
    expect(problem()).toBe('Enter your username.');
    expect(TestBed.inject(SessionStore).username()).toBeNull();
  });

  it('signs in with the normalised name and goes to the inbox', async () => {
    const { type, submit, problem } = await render();
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);

    await type('Mario.Rossi');
    expect(problem()).toBe('');
    await submit();

    expect(TestBed.inject(SessionStore).username()).toBe('mario.rossi');
    expect(navigate).toHaveBeenCalledWith(['/']);
  });

  it('translates the reason the server gave as a code', async () => {
    const { element } = await render(() => TestBed.inject(SessionStore).clear('characters'));
    expect(element.querySelector('[role="alert"]')?.textContent?.trim()).toBe(
      'Use only letters, digits and . _ - @ (no spaces).',
    );
  });

  it('shows why the server refused the last sign-in', async () => {
    const { element } = await render(() =>
      TestBed.inject(SessionStore).clear('a username must not be empty'),
    );
    expect(element.querySelector('[role="alert"]')?.textContent).toContain(
      'a username must not be empty',
    );
  });
});
