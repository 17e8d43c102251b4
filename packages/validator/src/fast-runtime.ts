/**
 * Helpers shared by the generated fast validators (src/generated/*.gen.ts) and the explaining
 * interpreter (src/explain.ts), so that both paths decide formats, code lists and calendar
 * days with the SAME functions: their verdicts can only differ in code that the agreement
 * tests exercise.
 */
import { COUNTRY_CODES, isRealPartialDate } from "@parley/schema/base";
import { fullFormats } from "ajv-formats/dist/formats.js";
import { iso31661Alpha2ToAlpha3 } from "iso-3166";

export { isRealPartialDate };

/** JSON Schema `format: uri`, exactly as ajv-formats (the JSON Schema referee of the standard) decides it. */
export const isUri = fullFormats.uri as (value: string) => boolean;

const dateFormat = fullFormats.date as { validate: (value: string) => boolean };
/** JSON Schema `format: date` (RFC 3339 full-date, calendar-checked), as ajv-formats decides it. */
export const isDate = (value: string): boolean => dateFormat.validate(value);

/** ISO 3166-1 alpha-3 plus ISO 3166-3 historical codes, from @parley/schema (which takes them from iso-3166). */
export const COUNTRIES: ReadonlySet<string> = COUNTRY_CODES;

/** 'RU' → 'RUS', from the maintained iso-3166 tables (for "did you mean" on alpha-2 codes). */
export function alpha3OfAlpha2(code: string): string | undefined {
  return Object.hasOwn(iso31661Alpha2ToAlpha3, code) ? iso31661Alpha2ToAlpha3[code] : undefined;
}

/** Checks one JSON Schema `format`; unknown formats pass (annotation only, as in JSON Schema 2020-12). */
export function checkFormat(format: string, value: string): boolean {
  if (format === "uri") return isUri(value);
  if (format === "date") return isDate(value);
  return true;
}

/**
 * The fewest characters any JSON text denoting `n` can have. The fast path adds these up to
 * prove that a record's text has no room for a duplicate key (see engine.ts): a lower bound,
 * exact for the usual `JSON.stringify` spelling.
 */
export function numberTextLowerBound(n: number): number {
  const fixed = String(n);
  if (Number.isInteger(n) && n > -1000 && n < 1000) return fixed.length;
  const exponent = n.toExponential().replace("e+", "e");
  return Math.min(fixed.length, exponent.length);
}

/** Keys that could pollute a prototype in a naive consumer (reported by json-prototype-key). */
export function isPrototypeKey(key: string): boolean {
  return key === "__proto__" || key === "constructor" || key === "prototype";
}

/** JSON Schema `minLength` counts code points, not UTF-16 units. */
export function codePointLength(value: string): number {
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff || i + 1 >= value.length) n++;
    else {
      const d = value.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
      n++;
    }
  }
  return n;
}
