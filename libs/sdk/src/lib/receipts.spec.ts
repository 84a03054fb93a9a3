import { createHmac, randomBytes } from 'node:crypto';
import { EXAMPLE_MESSAGE, Receipt } from '@prontogram/contracts/wire';
import { ReceiptVerificationError, verifyReceipt } from './receipts';

const secret = `whsec_${randomBytes(32).toString('base64')}`;
const receipt: Receipt = {
  id: `${EXAMPLE_MESSAGE.id}.displayed`,
  event: 'displayed',
  messageId: EXAMPLE_MESSAGE.id,
  sender: EXAMPLE_MESSAGE.sender,
  receiver: EXAMPLE_MESSAGE.receiver,
  at: '2026-11-28T09:31:00.000Z',
};

/** Signs as the Standard Webhooks specification says, written out here with node:crypto. */
function signed(body: string, { key = secret, at = Date.now(), id = receipt.id } = {}) {
  const timestamp = String(Math.floor(at / 1000));
  const hmac = createHmac('sha256', Buffer.from(key.slice('whsec_'.length), 'base64'))
    .update(`${id}.${timestamp}.${body}`)
    .digest('base64');
  return {
    'webhook-id': id,
    'webhook-timestamp': timestamp,
    'webhook-signature': `v1,${hmac}`,
  };
}

describe('verifyReceipt', () => {
  const body = JSON.stringify(receipt);

  it('returns the receipt of a request signed with the secret, from Node or Fetch headers', () => {
    expect(verifyReceipt(body, signed(body), secret)).toEqual(receipt);
    expect(verifyReceipt(Buffer.from(body), new Headers(signed(body)), secret)).toEqual(receipt);
  });

  it.each([
    ['another secret', () => signed(body, { key: `whsec_${randomBytes(32).toString('base64')}` })],
    ['a body changed after signing', () => signed(body.replace('mario', 'luigi'))],
    ['a timestamp older than five minutes', () => signed(body, { at: Date.now() - 6 * 60_000 })],
    ['no signature at all', () => ({ 'webhook-id': receipt.id })],
  ])('refuses %s', (_, headers) => {
    expect(() => verifyReceipt(body, headers(), secret)).toThrow(ReceiptVerificationError);
  });

  it('refuses a signed body that is not a receipt, or not the one its id names', () => {
    const other = JSON.stringify({ hello: 'world' });
    expect(() => verifyReceipt(other, signed(other), secret)).toThrow(/not a receipt/);
    expect(() => verifyReceipt(body, signed(body, { id: 'other.displayed' }), secret)).toThrow(
      /not a receipt/,
    );
  });
});
