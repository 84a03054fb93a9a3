/**
 * Web Push: a browser's subscription, as `PushSubscription.toJSON()` gives it and the page
 * sends it with `push:subscribe`. The server keeps one per device of a person, and pushes
 * to it when a message comes while none of the person's pages is open.
 */
export interface WebPushSubscription {
  /** The push service's URL for this browser: https, on a push service the server allows. */
  endpoint: string;
  expirationTime?: number | null;
  keys: {
    /** The browser's P-256 public key, base64url. */
    p256dh: string;
    /** The 16-byte authentication secret, base64url. */
    auth: string;
  };
}

/** `GET /push/public-key`: the VAPID key a page subscribes with; `404` when push is off. */
export interface PushPublicKey {
  publicKey: string;
}

/** Where pages ask for the server's VAPID public key. */
export const PUSH_PUBLIC_KEY_ROUTE = '/push/public-key';

/** The server's answer to `push:subscribe` and `push:unsubscribe`. */
export interface PushSubscriptionResult {
  ok: boolean;
  /** Why not, when `ok` is false. */
  error?: string;
}

/** What `push:unsubscribe` carries: the endpoint of the subscription to forget. */
export interface PushUnsubscribe {
  endpoint: string;
}

/**
 * The payload of a push, in the form Angular's service worker shows as a notification:
 * clicking it focuses a window of the page and opens `url` there: the inbox, or the sign-in
 * page with the person's name filled in; the message is then displayed as usual.
 */
export interface PushPayload {
  notification: {
    title: string;
    body: string;
    /** One tag for every push of the inbox: a newer notification replaces the older one. */
    tag: typeof INBOX_PUSH_TAG;
    renotify: boolean;
    icon: string;
    data: {
      onActionClick: { default: { operation: 'navigateLastFocusedOrOpen'; url: string } };
    };
  };
}

/** The tag, and Web Push topic, of every push of the inbox. */
export const INBOX_PUSH_TAG = 'prontogram-inbox';

/**
 * The push telling `receiver` of a message, showing `title` and `body`. Its click takes a
 * window of the page still open (signed in) to the inbox; a new window, whose tab's sign-in
 * is gone, gets the sign-in page with the name filled in.
 */
export function inboxPushPayload(receiver: string, title: string, body: string): PushPayload {
  return {
    notification: {
      title,
      body,
      tag: INBOX_PUSH_TAG,
      renotify: true,
      icon: '/favicon.svg',
      data: {
        onActionClick: {
          default: {
            operation: 'navigateLastFocusedOrOpen',
            url: `/sign-in?as=${encodeURIComponent(receiver)}`,
          },
        },
      },
    },
  };
}
