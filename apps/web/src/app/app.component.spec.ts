import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { AppComponent } from './app.component';
import { provideI18n } from './i18n/i18n.providers';

describe('AppComponent', () => {
  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [AppComponent],
      providers: [provideRouter([]), provideI18n()],
    });
  });

  it('switches the page language and remembers the choice', async () => {
    const fixture = TestBed.createComponent(AppComponent);
    await fixture.whenStable();
    const element: HTMLElement = fixture.nativeElement;
    const select = element.querySelector('select') as HTMLSelectElement;

    select.value = 'it';
    select.dispatchEvent(new Event('change'));
    await fixture.whenStable();

    expect(element.querySelector('label span')?.textContent).toBe('Lingua');
    expect(document.documentElement.lang).toBe('it');
    expect(localStorage.getItem('prontogram.language')).toBe('it');
  });
});
