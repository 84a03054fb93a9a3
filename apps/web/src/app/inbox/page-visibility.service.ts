import { DOCUMENT } from '@angular/common';
import { DestroyRef, Injectable, inject, signal } from '@angular/core';

/** Whether the page is visible to the person (not a background tab, not minimised). */
@Injectable({ providedIn: 'root' })
export class PageVisibilityService {
  private readonly document = inject(DOCUMENT);
  private readonly state = signal(this.document.visibilityState === 'visible');
  readonly visible = this.state.asReadonly();

  constructor() {
    const onChange = () => this.state.set(this.document.visibilityState === 'visible');
    this.document.addEventListener('visibilitychange', onChange);
    inject(DestroyRef).onDestroy(() =>
      this.document.removeEventListener('visibilitychange', onChange),
    );
  }
}
