import { nestsDeeperThan } from './nesting';

describe('nestsDeeperThan (values)', () => {
  it('counts levels of objects and arrays', () => {
    expect(nestsDeeperThan('text', 0)).toBe(false);
    expect(nestsDeeperThan({ ids: ['a'] }, 2)).toBe(false);
    expect(nestsDeeperThan({ ids: ['a'] }, 1)).toBe(true);
    expect(nestsDeeperThan({ ids: [[['a']]] }, 3)).toBe(true);
  });

  it('walks a value far deeper than the call stack allows', () => {
    let deep: unknown = [];
    for (let level = 0; level < 200_000; level++) deep = { ids: deep };
    expect(nestsDeeperThan(deep, 8)).toBe(true);
  });
});
