#!/usr/bin/env node
// Makes the secrets ProntoGram's configuration asks for (README: "Sender keys", "Sign-in
// links"). Each key is 32 random bytes; a sender key is printed once, with the SENDER_KEYS
// entry that holds only its SHA-256.
//
//   node scripts/keys.mjs sender <name> <sender name>...   a sender key and its SENDER_KEYS entry
//   node scripts/keys.mjs sign-in <id>                      a SIGN_IN_KEYS entry
import { createHash, randomBytes } from 'node:crypto';

const [kind, name, ...senders] = process.argv.slice(2);
const secret = () => randomBytes(32).toString('base64url');

if (kind === 'sender' && name && senders.length > 0) {
  const key = `pg_${secret()}`;
  const sha256 = createHash('sha256').update(key).digest('hex');
  console.log(`Give the sender this key, and keep it nowhere else:\n\n  ${key}\n`);
  console.log('Add this entry to the SENDER_KEYS array:\n');
  console.log(`  ${JSON.stringify({ name, senders, sha256 })}`);
} else if (kind === 'sign-in' && name) {
  console.log(`Put this first in SIGN_IN_KEYS (comma-separated; the first one signs):\n`);
  console.log(`  ${name}:${secret()}`);
} else {
  console.error(
    'usage: node scripts/keys.mjs sender <name> <sender name>...\n' +
      '       node scripts/keys.mjs sign-in <id>',
  );
  process.exit(2);
}
