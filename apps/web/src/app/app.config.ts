import {
  ApplicationConfig,
  inject,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { provideTranslateLoader, provideTranslateService } from '@ngx-translate/core';
import { appRoutes } from './app.routes';
import { BundledTranslationLoader, LanguageService } from './i18n/language.service';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideRouter(appRoutes, withComponentInputBinding()),
    provideTranslateService({
      fallbackLang: 'en',
      loader: provideTranslateLoader(BundledTranslationLoader),
    }),
    provideAppInitializer(() => inject(LanguageService).start()),
  ],
};
