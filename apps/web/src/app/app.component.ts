import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import { LanguageService } from './i18n/language.service';
import type { LanguageCode } from './i18n/translations';

const LANGUAGE_NAMES: Record<LanguageCode, string> = { en: 'English', it: 'Italiano' };

@Component({
  selector: 'pg-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, TranslatePipe],
  template: `
    <header class="app-bar">
      <span class="brand" aria-hidden="true">ProntoGram</span>
      <label class="language">
        <span>{{ 'app.language' | translate }}</span>
        <select (change)="choose($event)">
          @for (code of language.languages; track code) {
            <option [value]="code" [attr.lang]="code" [selected]="code === language.language()">
              {{ names[code] }}
            </option>
          }
        </select>
      </label>
    </header>
    <main class="content">
      <router-outlet />
    </main>
  `,
})
export class AppComponent {
  protected readonly language = inject(LanguageService);
  protected readonly names = LANGUAGE_NAMES;

  protected choose(event: Event): void {
    this.language.use((event.target as HTMLSelectElement).value as LanguageCode);
  }
}
