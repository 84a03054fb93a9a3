import { terminalSafe, terminalSafeJson } from './terminal-text';

describe('terminalSafe', () => {
  it('shows escape sequences, carriage returns and C1 controls as escapes', () => {
    expect(terminalSafe('\u001b[2J\u001b]0;owned\u0007red\rX\u009b31m')).toBe(
      '\\x1b[2J\\x1b]0;owned\\x07red\\x0dX\\x9b31m',
    );
  });

  it('shows the controls that reorder text as escapes', () => {
    expect(terminalSafe('pay \u202eus\u2066')).toBe('pay \\u202eus\\u2066');
  });

  it('keeps tabs, letters of any script and emoji; line feeds only in multiline text', () => {
    expect(terminalSafe('è\tABC123 ✈️ 日本')).toBe('è\tABC123 ✈️ 日本');
    expect(terminalSafe('one\ntwo')).toBe('one\\x0atwo');
    expect(terminalSafe('one\ntwo', { multiline: true })).toBe('one\ntwo');
  });
});

describe('terminalSafeJson', () => {
  it('escapes what could drive a terminal and still reads back as the same value', () => {
    const value = { body: 'a\u001b[31m\u009b\u202e\u2028b\nè' };

    const json = terminalSafeJson(value);

    for (const raw of ['\u001b', '\u009b', '\u202e']) expect(json).not.toContain(raw);
    expect(JSON.parse(json)).toEqual(value);
  });
});
