/** A key that signs or verifies sign-in links. */
export interface SigningKeySetting {
  /** Travels in each token's header (`kid`), so that the right key verifies it. */
  id: string;
  secret: Uint8Array;
}

const ID = /^[A-Za-z0-9._-]{1,32}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** HS256 wants a key at least as long as its hash. */
const MIN_SECRET_BYTES = 32;

/**
 * Reads `SIGN_IN_KEYS`: `<id>:<secret>` separated by commas, each secret base64url. The first
 * key signs; all of them verify, so that a new key can be put first while links signed by
 * the old one are still valid.
 */
export function parseSigningKeys(setting: string): SigningKeySetting[] {
  if (setting.trim() === '') return [];
  const keys = setting.split(',').map((entry, index) => {
    const [id, secret, ...rest] = entry.trim().split(':');
    const where = `SIGN_IN_KEYS entry ${index + 1}`;
    if (rest.length > 0 || !id || !ID.test(id) || !secret || !BASE64URL.test(secret)) {
      throw new Error(`${where} must be <id>:<secret>, the secret in base64url`);
    }
    const bytes = Buffer.from(secret, 'base64url');
    if (bytes.length < MIN_SECRET_BYTES) {
      throw new Error(`${where} ("${id}") has ${bytes.length} bytes; it needs ${MIN_SECRET_BYTES}`);
    }
    return { id, secret: new Uint8Array(bytes) };
  });
  const ids = keys.map((key) => key.id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice) throw new Error(`SIGN_IN_KEYS has the id "${twice}" twice`);
  return keys;
}
