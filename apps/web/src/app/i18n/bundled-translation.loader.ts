import { Injectable } from '@angular/core';
import { TranslateLoader, TranslationObject } from '@ngx-translate/core';
import { Observable, of } from 'rxjs';
import { LanguageCode, TRANSLATIONS } from './translations';

/** Serves the bundled translations: no request, no flash of untranslated keys. */
@Injectable()
export class BundledTranslationLoader implements TranslateLoader {
  getTranslation(language: string): Observable<TranslationObject> {
    return of(
      TRANSLATIONS[language as LanguageCode] ?? TRANSLATIONS.en,
    ) as Observable<TranslationObject>;
  }
}
