/**
 * Verified sign-in (`SIGN_IN_MODE=link`): a sender asks `POST /sign-in-links` for a signed,
 * short-lived link for one username; the person opens it, and the page signs in with the
 * token it carries, then with the session token the server gives it.
 */
export interface SignInLinkRequest {
  username: string;
}

/** The answer to `POST /sign-in-links`. */
export interface SignInLink {
  /** The link to hand the person: the page, with the token in its fragment. */
  url: string;
  /** The normalised username it signs in. */
  username: string;
  /** ISO 8601: after this the link signs nobody in. */
  expiresAt: string;
}

/** The path of the page that takes a link's token (in the fragment: `#token=...`). */
export const SIGN_IN_LINK_PATH = '/sign-in/link';

/** A signed-in page's token, to reconnect with instead of the link's (`inbox:session`). */
export interface SessionToken {
  token: string;
  expiresAt: string;
}
