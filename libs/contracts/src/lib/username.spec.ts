import {
  isUsernameProblemCode,
  normaliseUsername,
  usernameProblem,
  usernameProblemCode,
} from './username';

describe('the username rule', () => {
  it.each(['mario.rossi', 'A', 'x'.repeat(64), 'ops@acmesky', 'under_score-dash.dot', '007'])(
    'accepts %s',
    (name) => {
      expect(usernameProblem(name)).toBeNull();
      expect(usernameProblemCode(name)).toBeNull();
    },
  );

  it.each([
    ['', 'must not be empty'],
    ['x'.repeat(65), 'at most 64 characters'],
    ['mario rossi', 'letters, digits'],
    ['<script>', 'letters, digits'],
    ['màrio', 'letters, digits'],
    ['a/b', 'letters, digits'],
  ])('refuses %j saying why', (name, reason) => {
    expect(usernameProblem(name)).toContain(reason);
    expect(usernameProblemCode(name)).not.toBeNull();
  });

  it('refuses what is not a string', () => {
    expect(usernameProblem(42)).toBe('a username must be a string');
    expect(usernameProblem(undefined)).toBe('a username must be a string');
  });

  it('normalises to lower case so that names differing by case are one user', () => {
    expect(normaliseUsername('Mario.Rossi')).toBe(normaliseUsername('mario.ROSSI'));
    expect(normaliseUsername('Mario.Rossi')).toBe('mario.rossi');
  });

  it('knows its problem codes, and nothing else as one', () => {
    expect(isUsernameProblemCode('too-long')).toBe(true);
    expect(isUsernameProblemCode('the server is shutting down')).toBe(false);
  });
});
