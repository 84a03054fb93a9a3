import { ProntoGramError, ProntoGramUnavailableError } from '@prontogram/sdk';
import { EXIT, exitCodeFor, UsageError } from './exit-codes';

const refusal = (status: number | undefined, code?: 'inbox-full' | 'rate-limited') =>
  new ProntoGramError({ status, code, serverMessage: 'no', retryable: false });

describe('exitCodeFor', () => {
  it.each([
    ['a usage error', new UsageError('no sender'), EXIT.usage],
    ['a 400', refusal(400), EXIT.refused],
    ['a full inbox', refusal(409, 'inbox-full'), EXIT.refused],
    ['a refused sign-in', refusal(undefined), EXIT.refused],
    ['a rate-limited sign-in', refusal(undefined, 'rate-limited'), EXIT.unavailable],
    ['giving up', new ProntoGramUnavailableError(3, 2000, refusal(503)), EXIT.unavailable],
    ['a 500', refusal(500), EXIT.unexpected],
    ['anything else', new RangeError('bug'), EXIT.unexpected],
  ])('maps %s', (_what, error, code) => {
    expect(exitCodeFor(error)).toBe(code);
  });
});
