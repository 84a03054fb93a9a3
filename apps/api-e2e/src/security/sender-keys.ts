import { createHash, randomBytes } from 'node:crypto';

/** A sender key as an operator makes one: the key for the sender, the entry for the API. */
export interface TestSenderKey {
  name: string;
  key: string;
  senders: string[];
  header: { authorization: string };
  /** Where its receipts go, and the secret they are signed with. */
  webhook?: { url: string; secret: string };
}

export function senderKey(name: string, senders: string[], webhookUrl?: string): TestSenderKey {
  const key = `pg_${randomBytes(32).toString('base64url')}`;
  const webhook = webhookUrl && {
    url: webhookUrl,
    secret: `whsec_${randomBytes(32).toString('base64')}`,
  };
  return {
    name,
    key,
    senders,
    header: { authorization: `Bearer ${key}` },
    ...(webhook ? { webhook } : {}),
  };
}

/** `SENDER_KEYS` for these keys: names, sender names, hashes and webhooks, never the keys. */
export function senderKeysSetting(keys: TestSenderKey[]): string {
  return JSON.stringify(
    keys.map(({ name, key, senders, webhook }) => ({
      name,
      senders,
      sha256: createHash('sha256').update(key).digest('hex'),
      ...(webhook ? { webhook } : {}),
    })),
  );
}
