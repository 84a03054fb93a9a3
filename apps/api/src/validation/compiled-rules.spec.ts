import { DisplayedReportDto, SendMessageDto } from '@prontogram/contracts';
import { plainToInstance } from 'class-transformer';
import { IsString, ValidateNested, validateSync } from 'class-validator';
import fc from 'fast-check';
import { compileRules } from './compiled-rules';

/** What the API's ValidationPipe decides: valid when class-validator finds no error. */
function classValidatorAccepts(target: new () => object, body: object): boolean {
  const errors = validateSync(plainToInstance(target, body), {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  });
  return errors.length === 0;
}

const valid = { sender: 'ACMESky', receiver: 'mario.rossi', body: 'Il tuo codice offerta è: X' };

describe('compileRules', () => {
  const accepts = compileRules(SendMessageDto);

  it('compiles the send-message rules', () => {
    expect(accepts).not.toBeNull();
  });

  it.each([
    ['the ACMESky request', valid, true],
    [
      'with send_time and ttlSeconds',
      { ...valid, send_time: '2026-11-28T09:30:00Z', ttlSeconds: 60 },
      true,
    ],
    ['with a null send_time (optional)', { ...valid, send_time: null }, true],
    ['an empty sender', { ...valid, sender: '' }, false],
    ['a receiver with a space', { ...valid, receiver: 'mario rossi' }, false],
    ['a number as body', { ...valid, body: 42 }, false],
    ['a body over 4,000 characters', { ...valid, body: 'x'.repeat(4001) }, false],
    ['4,000 emoji (counted as characters)', { ...valid, body: '😀'.repeat(4000) }, true],
    ['an unknown field', { ...valid, colour: 'red' }, false],
    ['a send_time that is no date', { ...valid, send_time: 'yesterday' }, false],
    ['a fractional lifetime', { ...valid, ttlSeconds: 1.5 }, false],
    ['a missing body', { sender: 'ACMESky', receiver: 'mario.rossi' }, false],
  ])('decides %s as class-validator does', (_case, body, expected) => {
    expect(classValidatorAccepts(SendMessageDto, body)).toBe(expected);
    expect(accepts?.(body)).toBe(expected);
  });

  it('never accepts what class-validator refuses, over thousands of generated bodies', () => {
    const field = fc.oneof(
      fc.string(),
      fc.string({ unit: 'grapheme', maxLength: 70 }),
      fc.constantFrom('', 'mario.rossi', 'Mario.Rossi', 'a@b', 'x'.repeat(64), 'x'.repeat(65)),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
      fc.array(fc.string(), { maxLength: 2 }),
    );
    const body = fc.record(
      {
        sender: field,
        receiver: field,
        body: field,
        send_time: field,
        ttlSeconds: field,
        extra: field,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(body, (candidate) => {
        expect(accepts?.(candidate)).toBe(classValidatorAccepts(SendMessageDto, candidate));
      }),
      { numRuns: 3000 },
    );
  });

  it('declines to compile rules it cannot reproduce exactly', () => {
    class Inner {
      @IsString()
      name!: string;
    }
    class Nested {
      @ValidateNested()
      inner!: Inner;
    }
    expect(compileRules(Nested)).toBeNull();
    // `each: true` checks every item of an array: left to class-validator.
    expect(compileRules(DisplayedReportDto)).toBeNull();
    expect(compileRules(String as unknown as new () => object)).toBeNull();
  });
});
