#!/usr/bin/env node
// Makes the secrets ProntoGram's configuration asks for (README: "Sender keys", "Sign-in
// links", docs/receipts.md). Each key is 32 random bytes; a sender key is printed once, with
// the SENDER_KEYS entry that holds only its SHA-256.
//
//   node scripts/keys.mjs sender <name> <sender name>... [--webhook <url>]
//                                             a sender key and its SENDER_KEYS entry; with a
//                                             webhook, its signing secret too
//   node scripts/keys.mjs webhook-secret      a secret to sign receipts with
//   node scripts/keys.mjs sign-in <id>        a SIGN_IN_KEYS entry
//   node scripts/keys.mjs vapid               a VAPID key pair, for Web Push
import { createHash, randomBytes } from 'node:crypto';
import webPush from 'web-push';

const args = process.argv.slice(2);
const webhookAt = args.indexOf('--webhook');
const webhookUrl = webhookAt === -1 ? undefined : args[webhookAt + 1];
const [kind, name, ...senders] = webhookAt === -1 ? args : args.slice(0, webhookAt);
const secret = () => randomBytes(32).toString('base64url');
const webhookSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

if (kind === 'sender' && name && senders.length > 0 && (webhookAt === -1 || webhookUrl)) {
  const key = `pg_${secret()}`;
  const sha256 = createHash('sha256').update(key).digest('hex');
  const webhook = webhookUrl && { url: webhookUrl, secret: webhookSecret() };
  console.log(`Give the sender this key, and keep it nowhere else:\n\n  ${key}\n`);
  if (webhook) {
    console.log(
      `Give the sender this secret too, to verify its receipts:\n\n  ${webhook.secret}\n`,
    );
    console.log('The entry holds that secret: keep SENDER_KEYS as secret as the key itself.\n');
  }
  console.log('Add this entry to the SENDER_KEYS array:\n');
  console.log(`  ${JSON.stringify({ name, senders, sha256, ...(webhook ? { webhook } : {}) })}`);
} else if (kind === 'webhook-secret' && !name) {
  console.log(`Put this in the key's "webhook": { "url", "secret" } and give it to the sender:\n`);
  console.log(`  ${webhookSecret()}`);
} else if (kind === 'vapid' && !name) {
  const { publicKey, privateKey } = webPush.generateVAPIDKeys();
  console.log(
    'Set these on every instance (the same pair everywhere; keep the private one secret):\n',
  );
  console.log(`  VAPID_PUBLIC_KEY=${publicKey}`);
  console.log(`  VAPID_PRIVATE_KEY=${privateKey}`);
} else if (kind === 'sign-in' && name) {
  console.log(`Put this first in SIGN_IN_KEYS (comma-separated; the first one signs):\n`);
  console.log(`  ${name}:${secret()}`);
} else {
  console.error(
    'usage: node scripts/keys.mjs sender <name> <sender name>... [--webhook <url>]\n' +
      '       node scripts/keys.mjs webhook-secret\n' +
      '       node scripts/keys.mjs sign-in <id>\n' +
      '       node scripts/keys.mjs vapid',
  );
  process.exit(2);
}
