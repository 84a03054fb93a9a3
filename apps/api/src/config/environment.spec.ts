import { rabbitmqUrls, validateEnvironment } from './environment';

describe('validateEnvironment', () => {
  it('gives the documented defaults for an empty environment', () => {
    const environment = validateEnvironment({});
    expect(environment.PORT).toBe(3000);
    expect(environment.RABBITMQ_URL).toBe('amqp://guest:guest@127.0.0.1:5672');
    expect(environment.MESSAGE_TTL_DEFAULT_SECONDS).toBe(86_400);
    expect(environment.MESSAGE_TTL_MAX_SECONDS).toBe(604_800);
    expect(environment.REDIS_URL).toBe(''); // One instance, no Redis.
  });

  it('takes several broker nodes, tried in the order given', () => {
    const { RABBITMQ_URL } = validateEnvironment({
      RABBITMQ_URL: 'amqp://u:p@rabbit-1:5672, amqps://u:p@rabbit-2:5671',
    });
    expect(rabbitmqUrls(RABBITMQ_URL)).toEqual([
      'amqp://u:p@rabbit-1:5672',
      'amqps://u:p@rabbit-2:5671',
    ]);
  });

  it('takes a Redis URL for several instances', () => {
    expect(validateEnvironment({ REDIS_URL: 'redis://redis:6379' }).REDIS_URL).toBe(
      'redis://redis:6379',
    );
  });

  it('turns numeric strings into numbers', () => {
    expect(validateEnvironment({ PORT: '8080' }).PORT).toBe(8080);
  });

  it('ignores variables that are not its own', () => {
    expect(() => validateEnvironment({ PATH: '/usr/bin', HOME: '/root' })).not.toThrow();
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT="eighty"'],
    [{ PORT: '70000' }, 'PORT="70000"'],
    [{ RABBITMQ_URL: 'http://localhost' }, 'RABBITMQ_URL must be an amqp://'],
    [{ RABBITMQ_URL: 'amqp://a:5672,,amqp://b:5672' }, 'RABBITMQ_URL must be an amqp://'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL must be a redis://'],
    [{ MESSAGE_TTL_MAX_SECONDS: '0' }, 'MESSAGE_TTL_MAX_SECONDS="0"'],
    [{ LOG_LEVEL: 'chatty' }, 'LOG_LEVEL="chatty"'],
  ])('stops start-up naming the bad variable in %j', (raw, expected) => {
    expect(() => validateEnvironment(raw)).toThrow(expected);
  });

  it('refuses a default lifetime longer than the maximum', () => {
    expect(() =>
      validateEnvironment({ MESSAGE_TTL_DEFAULT_SECONDS: '100', MESSAGE_TTL_MAX_SECONDS: '10' }),
    ).toThrow('MESSAGE_TTL_DEFAULT_SECONDS must not exceed MESSAGE_TTL_MAX_SECONDS');
  });
});
