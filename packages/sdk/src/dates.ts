import { daysInMonth, isRealPartialDate, PARTIAL_DATE_PATTERN } from "@parley/schema";
import type { PartialDate } from "./generated/types.gen";

/**
 * Partial dates as the standard stores them: 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' (checked by
 * the schema package's own pattern and calendar check, reused here). A partial date stands
 * for the whole span it names, so "2022-11" is every day of November 2022 and overlaps
 * "2022-11-17". The approximate/uncertain flags do not widen the span: they qualify it.
 */
export type DatePrecision = "year" | "month" | "day";

export interface ParsedPartialDate {
  value: string;
  year: number;
  month?: number;
  day?: number;
  precision: DatePrecision;
  /** First day of the span, 'YYYY-MM-DD'. */
  start: string;
  /** Last day of the span, 'YYYY-MM-DD'. */
  end: string;
}

/** A date given as its string value or as the standard's PartialDate object. */
export type PartialDateLike = string | Pick<PartialDate, "value">;

function pad(value: number, width: number): string {
  return String(value).padStart(width, "0");
}

function dateValue(date: PartialDateLike): string {
  return typeof date === "string" ? date : date.value;
}

/** Why a string is not a partial date, or undefined when it is one. */
export function partialDateProblem(value: string): string | undefined {
  if (!PARTIAL_DATE_PATTERN.test(value)) {
    return `'${value}' is not a partial date: expected YYYY, YYYY-MM or YYYY-MM-DD with month 01-12 and day 01-31`;
  }
  if (!isRealPartialDate(value)) return `'${value}' is not a day of the calendar`;
  return undefined;
}

/** Parses a partial date. @throws RangeError naming the value and what is wrong with it. */
export function parsePartialDate(date: PartialDateLike): ParsedPartialDate {
  const value = dateValue(date);
  const problem = partialDateProblem(value);
  if (problem) throw new RangeError(problem);
  const [yearText, monthText, dayText] = value.split("-");
  const year = Number(yearText);
  if (monthText === undefined) {
    return { value, year, precision: "year", start: `${yearText}-01-01`, end: `${yearText}-12-31` };
  }
  const month = Number(monthText);
  if (dayText === undefined) {
    const last = daysInMonth(year, month);
    return {
      value,
      year,
      month,
      precision: "month",
      start: `${yearText}-${monthText}-01`,
      end: `${yearText}-${monthText}-${pad(last, 2)}`,
    };
  }
  return { value, year, month, day: Number(dayText), precision: "day", start: value, end: value };
}

/**
 * Orders partial dates chronologically: by first day, then by last day (a day comes before the
 * month that contains it, the month before the year), so sorting is total and stable.
 */
export function comparePartialDates(a: PartialDateLike, b: PartialDateLike): number {
  const left = parsePartialDate(a);
  const right = parsePartialDate(b);
  if (left.start !== right.start) return left.start < right.start ? -1 : 1;
  if (left.end !== right.end) return left.end < right.end ? -1 : 1;
  return 0;
}

/** True when the spans share at least one day: "2022-11" overlaps "2022-11-17" and "2022". */
export function partialDatesOverlap(a: PartialDateLike, b: PartialDateLike): boolean {
  const left = parsePartialDate(a);
  const right = parsePartialDate(b);
  return left.start <= right.end && right.start <= left.end;
}

/** True when every day of `inner` lies within `outer`: "2022" contains "2022-11-17". */
export function partialDateContains(outer: PartialDateLike, inner: PartialDateLike): boolean {
  const o = parsePartialDate(outer);
  const i = parsePartialDate(inner);
  return o.start <= i.start && i.end <= o.end;
}

/** The span from the first day of `from` to the last day of `to` (or of `from`). */
export function partialDateSpan(
  from: PartialDateLike,
  to?: PartialDateLike,
): { start: string; end: string } {
  const first = parsePartialDate(from);
  const last = to === undefined ? first : parsePartialDate(to);
  return { start: first.start, end: last.end };
}

const EDTF_QUALIFIED = /^(\d{4}(?:-\d{2}(?:-\d{2})?)?)([~?%])?$/;

/**
 * Reads an EDTF level 1 date of the calendar subset the standard stores ('2022-11-17',
 * '2022-11~' approximate, '2022?' uncertain, '2022-11%' both) into a PartialDate object.
 * @throws RangeError for anything else (intervals, seasons, unspecified digits, impossible days).
 */
export function parseEdtf(text: string): PartialDate {
  const match = EDTF_QUALIFIED.exec(text.trim());
  if (!match?.[1]) {
    throw new RangeError(
      `'${text}' is not a supported EDTF date: expected YYYY, YYYY-MM or YYYY-MM-DD, optionally followed by ~, ? or %`,
    );
  }
  const value = match[1];
  const problem = partialDateProblem(value);
  if (problem) throw new RangeError(problem);
  const qualifier = match[2];
  return {
    value,
    ...(qualifier === "~" || qualifier === "%" ? { approximate: true } : {}),
    ...(qualifier === "?" || qualifier === "%" ? { uncertain: true } : {}),
  };
}

/** The EDTF form of a partial date: its value with ~, ? or % for the qualifiers. */
export function toEdtf(date: Pick<PartialDate, "value" | "approximate" | "uncertain">): string {
  const qualifier =
    date.approximate && date.uncertain ? "%" : date.approximate ? "~" : date.uncertain ? "?" : "";
  return `${date.value}${qualifier}`;
}
