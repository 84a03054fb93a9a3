import { createHash, randomBytes } from 'node:crypto';

/** A sender key as an operator makes one: the key for the sender, the entry for the API. */
export interface TestSenderKey {
  name: string;
  key: string;
  senders: string[];
  header: { authorization: string };
}

export function senderKey(name: string, senders: string[]): TestSenderKey {
  const key = `pg_${randomBytes(32).toString('base64url')}`;
  return { name, key, senders, header: { authorization: `Bearer ${key}` } };
}

/** `SENDER_KEYS` for these keys: names, sender names and hashes, never the keys. */
export function senderKeysSetting(keys: TestSenderKey[]): string {
  return JSON.stringify(
    keys.map(({ name, key, senders }) => ({
      name,
      senders,
      sha256: createHash('sha256').update(key).digest('hex'),
    })),
  );
}
