import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { MESSAGE_LIMITS } from './limits';
import { SendMessageDto } from './send-message.dto';

function problems(plain: object): string[] {
  const dto = plainToInstance(SendMessageDto, plain);
  return validateSync(dto).flatMap((error) => Object.values(error.constraints ?? {}));
}

const acmeSkyRequest = {
  sender: 'ACMESky',
  receiver: 'mario.rossi',
  body: 'Il tuo codice offerta è: ABC123. Affrettati, sarà valido per sole 24 ore!',
};

describe('SendMessageDto', () => {
  it('accepts the request the ACMESky backend sends', () => {
    expect(problems(acmeSkyRequest)).toEqual([]);
  });

  it('accepts the optional send_time and ttlSeconds', () => {
    expect(
      problems({ ...acmeSkyRequest, send_time: '2026-11-28T10:00:00Z', ttlSeconds: 60 }),
    ).toEqual([]);
  });

  it.each([
    [{ ...acmeSkyRequest, sender: '' }, 'sender should not be empty'],
    [{ ...acmeSkyRequest, receiver: 'mario rossi' }, 'receiver: a username is'],
    [{ ...acmeSkyRequest, body: 42 }, 'body must be a string'],
    [
      { ...acmeSkyRequest, body: 'x'.repeat(MESSAGE_LIMITS.bodyMaxLength + 1) },
      `body must be shorter than or equal to ${MESSAGE_LIMITS.bodyMaxLength} characters`,
    ],
    [{ ...acmeSkyRequest, send_time: 'yesterday' }, 'send_time must be a valid ISO 8601'],
    [{ ...acmeSkyRequest, ttlSeconds: 0 }, 'ttlSeconds must not be less than 1'],
    [{ ...acmeSkyRequest, ttlSeconds: 1.5 }, 'ttlSeconds must be an integer'],
  ])('refuses %j', (plain, expected) => {
    expect(problems(plain).join('\n')).toContain(expected);
  });

  it('names every missing field', () => {
    const all = problems({}).join('\n');
    for (const field of ['sender', 'receiver', 'body']) {
      expect(all).toContain(`${field} must be a string`);
    }
  });
});
