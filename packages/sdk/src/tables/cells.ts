/**
 * Spreadsheet safety. A cell that begins with = + - @ (or a tab or carriage return) is run as a
 * formula by Excel, LibreOffice and Google Sheets: CSV injection. On export such cells get a
 * leading apostrophe, the spreadsheets' own "this is text" mark; so does every cell that already
 * begins with an apostrophe, and the empty string (an apostrophe alone), so that import can
 * remove exactly one leading apostrophe and get back the original text, and tell the empty
 * string from an absent value (an empty cell). Plain numbers such as -3.5 are left as they are:
 * no spreadsheet runs them, and nothing is removed from them on import.
 */
const DANGEROUS_START = /^[=+\-@\t\r']/;
const PLAIN_NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** The cell text for a value's text form; `undefined` (absent) is the empty cell. */
export function neutraliseCell(text: string | undefined): string {
  if (text === undefined) return "";
  if (text === "") return "'";
  if (DANGEROUS_START.test(text) && !PLAIN_NUMBER.test(text)) return `'${text}`;
  return text;
}

/** The inverse of `neutraliseCell`: undefined for an empty cell, else the text with one leading apostrophe removed. */
export function restoreCell(cell: string): string | undefined {
  if (cell === "") return undefined;
  return cell.startsWith("'") ? cell.slice(1) : cell;
}
