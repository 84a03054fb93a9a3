import {
  EnvironmentProviders,
  inject,
  makeEnvironmentProviders,
  provideAppInitializer,
} from '@angular/core';
import { provideTranslateLoader, provideTranslateService } from '@ngx-translate/core';
import { BundledTranslationLoader } from './bundled-translation.loader';
import { LanguageService } from './language.service';

/**
 * The page's translations, as the app and its specs use them: the bundled texts, English
 * where a text is missing, and the language chosen before the first render.
 */
export function provideI18n(): EnvironmentProviders {
  return makeEnvironmentProviders([
    provideTranslateService({
      fallbackLang: 'en',
      loader: provideTranslateLoader(BundledTranslationLoader),
    }),
    provideAppInitializer(() => inject(LanguageService).start()),
  ]);
}
