/**
 * The calendar rule of partial dates, in a module of its own without zod: the validator checks
 * dates with it without loading the zod model (`@parley/schema/base`).
 */
export const PARTIAL_DATE_PATTERN = /^(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$/;

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** True when the string is a partial date that exists in the proleptic Gregorian calendar. */
export function isRealPartialDate(value: string): boolean {
  const match = PARTIAL_DATE_PATTERN.exec(value);
  if (!match) return false;
  const [, year, month, day] = match;
  if (day === undefined) return true;
  return Number(day) <= daysInMonth(Number(year), Number(month));
}
