import type { SwPush } from '@angular/service-worker';
import { BehaviorSubject, NEVER, Observable } from 'rxjs';

/** A browser's PushSubscription, as far as the page uses one. */
export function fakePushSubscription(endpoint: string): PushSubscription {
  const json = { endpoint, expirationTime: null, keys: { p256dh: 'BP256', auth: 'AUTH' } };
  return { endpoint, toJSON: () => json } as unknown as PushSubscription;
}

/**
 * Angular's SwPush as a spec plays it (headless Chromium reaches no real push service): a
 * subscription exists or not, `requestSubscription` grants one or is refused as the spec
 * says, and every call is recorded.
 */
export class FakeSwPush implements Pick<SwPush, 'isEnabled' | 'subscription'> {
  isEnabled = true;
  readonly current = new BehaviorSubject<PushSubscription | null>(null);
  /** As Angular's: without a service worker, it never emits. */
  get subscription(): Observable<PushSubscription | null> {
    return this.isEnabled ? this.current.asObservable() : NEVER;
  }
  /** What the browser does when asked: grant a subscription, or refuse (`NotAllowedError`). */
  grant: 'yes' | 'refused' = 'yes';
  readonly requestSubscription = jest.fn(async (_options: { serverPublicKey: string }) => {
    if (this.grant === 'refused') {
      throw new DOMException('Registration failed - permission denied', 'NotAllowedError');
    }
    const subscription = fakePushSubscription('https://fcm.googleapis.com/fcm/send/device-1');
    this.current.next(subscription);
    return subscription;
  });
  readonly unsubscribe = jest.fn(async () => this.current.next(null));
}
