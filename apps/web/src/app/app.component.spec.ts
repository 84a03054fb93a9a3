import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideTranslateLoader, provideTranslateService } from '@ngx-translate/core';
import { AppComponent } from './app.component';
import { BundledTranslationLoader, LanguageService } from './i18n/language.service';

describe('AppComponent', () => {
  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [AppComponent],
      providers: [
        provideRouter([]),
        provideTranslateService({
          fallbackLang: 'en',
          loader: provideTranslateLoader(BundledTranslationLoader),
        }),
      ],
    });
  });

  it('switches the page language and remembers the choice', async () => {
    TestBed.inject(LanguageService).start();
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
