import { DOCUMENT } from '@angular/common';
import { Injectable, inject, signal } from '@angular/core';
import { TranslateService } from '@ngx-translate/core';
import { LANGUAGES, LanguageCode } from './translations';

const STORAGE_KEY = 'prontogram.language';

/** The page's language: the browser's when it is one we have, else English; switchable. */
@Injectable({ providedIn: 'root' })
export class LanguageService {
  private readonly translate = inject(TranslateService);
  private readonly document = inject(DOCUMENT);
  private readonly current = signal<LanguageCode>('en');
  readonly language = this.current.asReadonly();
  readonly languages = LANGUAGES;

  /** The locale for dates and times: the browser's own variant of the page language. */
  locale(): string {
    const language = this.current();
    const browser = this.document.defaultView?.navigator.languages ?? [];
    return browser.find((tag) => tag.toLowerCase().startsWith(language)) ?? language;
  }

  start(): void {
    const stored = this.storage()?.getItem(STORAGE_KEY);
    const browser = this.document.defaultView?.navigator.languages ?? [];
    const wanted = [stored, ...browser].map((tag) => tag?.slice(0, 2).toLowerCase());
    this.use(wanted.find(isLanguage) ?? 'en', false);
  }

  use(language: LanguageCode, remember = true): void {
    this.current.set(language);
    this.translate.use(language);
    this.document.documentElement.lang = language;
    if (remember) this.storage()?.setItem(STORAGE_KEY, language);
  }

  private storage(): Storage | undefined {
    return this.document.defaultView?.localStorage;
  }
}

function isLanguage(tag: string | undefined): tag is LanguageCode {
  return (LANGUAGES as readonly string[]).includes(tag ?? '');
}
