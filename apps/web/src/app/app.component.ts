import { ChangeDetectionStrategy, Component } from '@angular/core';

/** Placeholder until the inbox page lands. */
@Component({
  selector: 'pg-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <main>
      <h1>ProntoGram</h1>
      <p>
        The inbox page is on its way. Senders can already post messages to <code>/messages</code>.
      </p>
    </main>
  `,
})
export class AppComponent {}
