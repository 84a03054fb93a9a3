/**
 * Message bodies, sender names and the API's error messages are other people's text: printed
 * raw, an escape sequence in one could move the cursor, retitle the window, rewrite what the
 * terminal shows or (in some terminals) answer back as if typed. What could drive a terminal
 * is shown as an escape instead: C0 controls (bar tab and, in bodies, line feed), DEL, C1
 * controls, and the bidirectional controls that reorder text on screen.
 */
const BIDI_CONTROLS = new Set([
  0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069,
]);

function isUnsafe(code: number, keepLineFeeds: boolean): boolean {
  if (code === 0x09 || (code === 0x0a && keepLineFeeds)) return false;
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || BIDI_CONTROLS.has(code);
}

function escapeOf(code: number): string {
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` made safe to print; line feeds are kept only where `multiline` says so. */
export function terminalSafe(text: string, { multiline = false } = {}): string {
  let safe = '';
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    safe += isUnsafe(code, multiline) ? escapeOf(code) : char;
  }
  return safe;
}

/**
 * `value` as JSON that is just as safe: `JSON.stringify` escapes C0 controls already; the rest
 * become `\u` escapes, which any JSON reader turns back into the same text.
 */
export function terminalSafeJson(value: unknown): string {
  let json = '';
  for (const char of JSON.stringify(value, null, 2)) {
    const code = char.codePointAt(0) as number;
    json += isUnsafe(code, true) ? `\\u${code.toString(16).padStart(4, '0')}` : char;
  }
  return json;
}
