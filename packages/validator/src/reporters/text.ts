/**
 * Makes untrusted text (dataset values quoted in messages, source lines in code frames) safe to
 * print on a terminal or in a CI log: C0/C1 control characters, DEL and the bidi overrides are
 * replaced by visible stand-ins, one character for one, so columns still line up and an escape
 * sequence hidden in a dataset can neither restyle the terminal nor hide text (Trojan Source).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

// The same characters without the g flag, for a test that does not keep a lastIndex: most text
// has none of them and is returned as it is, without a replace pass.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const HAS_UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
// Tabs and line breaks, which singleLine rewrites, or any of the above.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const NOT_SINGLE_LINE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

export function printable(text: string): string {
  if (!HAS_UNPRINTABLE.test(text)) return text;
  return text.replace(UNPRINTABLE, (c) => {
    const code = c.charCodeAt(0);
    // U+2400..U+241F are the Unicode "control pictures" (␀ ␁ … ␛ …); U+2421 is ␡.
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return "\u2421";
    return "\ufffd";
  });
}
/** One line of text: tabs become a space and line breaks a visible ⏎ (keeps columns aligned). */
export function singleLine(text: string): string {
  if (!NOT_SINGLE_LINE.test(text)) return text;
  return printable(text.replace(/\t/g, " ").replace(/\r\n|\r|\n/g, "\u23ce"));
}
