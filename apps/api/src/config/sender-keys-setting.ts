import { MESSAGE_LIMITS } from '@prontogram/contracts';

/** One sender key as `SENDER_KEYS` describes it: never the key, only its SHA-256. */
export interface SenderKeySetting {
  /** Shown in logs and answers: which key was used, never the key itself. */
  name: string;
  /** The sender names this key may put on a message. */
  senders: string[];
  /** The key's SHA-256, in hex. */
  sha256: string;
  /** Where receipts of this key's messages go, if anywhere (docs/receipts.md). */
  webhook?: WebhookSetting;
}

/** A sender's webhook: its URL, and the secret its receipts are signed with. */
export interface WebhookSetting {
  url: string;
  /** `whsec_` and 24 to 64 random bytes in base64, as Standard Webhooks writes secrets. */
  secret: string;
}

const NAME = /^[A-Za-z0-9._-]{1,64}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const WEBHOOK_SECRET = /^whsec_[A-Za-z0-9+/]{32,88}={0,2}$/;

/**
 * Reads `SENDER_KEYS`: a JSON array of `{ "name", "senders", "sha256", "webhook"? }`.
 * Throws with a message naming the entry and the field that is wrong.
 */
export function parseSenderKeys(setting: string): SenderKeySetting[] {
  if (setting.trim() === '') return [];
  let entries: unknown;
  try {
    entries = JSON.parse(setting);
  } catch (error) {
    throw new Error(`SENDER_KEYS is not JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(entries)) throw new Error('SENDER_KEYS must be a JSON array');
  const keys = entries.map((entry, index) => senderKey(entry, `SENDER_KEYS[${index}]`));
  const repeated = (values: string[]) => values.find((value, i) => values.indexOf(value) !== i);
  const name = repeated(keys.map((key) => key.name));
  if (name) throw new Error(`SENDER_KEYS names "${name}" twice`);
  if (repeated(keys.map((key) => key.sha256))) {
    throw new Error('SENDER_KEYS holds the same key twice');
  }
  return keys;
}

function senderKey(entry: unknown, where: string): SenderKeySetting {
  const { name, senders, sha256, webhook } = (entry ?? {}) as Record<string, unknown>;
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new Error(`${where}.name must be 1 to 64 letters, digits, ".", "_" or "-"`);
  }
  if (
    !Array.isArray(senders) ||
    senders.length === 0 ||
    !senders.every(
      (sender) =>
        typeof sender === 'string' &&
        sender.trim() !== '' &&
        sender.length <= MESSAGE_LIMITS.senderMaxLength,
    )
  ) {
    throw new Error(`${where}.senders must list the sender names the key "${name}" may use`);
  }
  if (typeof sha256 !== 'string' || !SHA256_HEX.test(sha256)) {
    throw new Error(`${where}.sha256 must be the key's SHA-256 in lowercase hex (64 characters)`);
  }
  const key = { name, senders: senders as string[], sha256 };
  return webhook === undefined ? key : { ...key, webhook: webhookOf(webhook, `${where}.webhook`) };
}

function webhookOf(webhook: unknown, where: string): WebhookSetting {
  const { url, secret } = (webhook ?? {}) as Record<string, unknown>;
  if (typeof url !== 'string' || !URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new Error(`${where}.url must be an http:// or https:// URL`);
  }
  if (typeof secret !== 'string' || !WEBHOOK_SECRET.test(secret)) {
    throw new Error(
      `${where}.secret must be whsec_ and 24 to 64 random bytes in base64: ` +
        'node scripts/keys.mjs webhook-secret makes one',
    );
  }
  return { url, secret };
}
