import { isRealPartialDate, type PartialDate } from "@parley/schema";
import type { CountryNormaliser } from "../countries";
import { countryWarning } from "../util";
import { FUNCTIONS } from "./functions";
import { splitPersons, splitTitleName } from "./persons";
import { collapseWhitespace, firstSentence, sentenceCase, slug, titleCase } from "./text";
import type { Expression, Predicate, Step, Value } from "./types";

/**
 * Evaluation of a mapping's values, steps and predicates against one source record. A value
 * comes out `undefined` when the source does not have it; the record builder then leaves the
 * field out, so nothing is invented.
 */

/** One record of the source as a reader gives it, with a log of the fields the mapping read. */
export class SourceRecord {
  readonly read = new Set<string>();
  constructor(
    readonly fields: Record<string, unknown>,
    readonly file: string,
    readonly line: number | undefined,
    readonly index: number,
    /** The record's 1-based position in its file (a JSON array element's number). */
    readonly position: number = index,
    /** CSV: the row's cells, and the columns its header or `columns` name. */
    readonly cells?: number,
    readonly columns?: number,
    /** input.groupBy: the rows of the group, each with its `_line`. */
    readonly rows?: Record<string, unknown>[],
  ) {}

  /** A field as given, empty text included (for a mapping that tells "" from absent). */
  raw(path: string): unknown {
    if (Object.hasOwn(this.fields, path)) {
      this.read.add(path);
      return this.fields[path];
    }
    const segments = path.startsWith("/")
      ? path
          .slice(1)
          .split("/")
          .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
      : path.split(".");
    const [head] = segments;
    if (head === undefined || !Object.hasOwn(this.fields, head)) return undefined;
    this.read.add(head);
    return dig(this.fields, segments);
  }

  /** A field: a key as given, a JSON Pointer (/a/0/b) or a dotted path (a.b). */
  get(path: string): unknown {
    if (Object.hasOwn(this.fields, path)) {
      this.read.add(path);
      return present(this.fields[path]);
    }
    const segments = path.startsWith("/")
      ? path
          .slice(1)
          .split("/")
          .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
      : path.split(".");
    const [head] = segments;
    if (head === undefined || !Object.hasOwn(this.fields, head)) return undefined;
    this.read.add(head);
    return present(dig(this.fields, segments));
  }
}

function dig(value: unknown, segments: readonly string[]): unknown {
  let current = value;
  for (const segment of segments) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** Empty cells and whitespace-only text are absent, as a reader of the source would see them. */
export function present(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "string" && value.trim() === "") return undefined;
  if (Array.isArray(value) && value.length === 0) return undefined;
  return value;
}

/** Thrown by a `required` value that is absent: the source record is skipped with this reason. */
export class SkipRecord extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** Raises a warning; `line` points it at a row of a group rather than the record's first line. */
export type Warn = (code: string, message: string, line?: number) => void;

/**
 * The scope of one item of a list: warnings raised for an item with a `_line` (a row of a group,
 * or an object a mapping built with the row's `_line`) point at that line.
 */
export function itemScope(scope: Scope, name: string, item: unknown, index?: number): Scope {
  let inner = withVar(scope, name, item);
  if (index !== undefined) inner = withVar(inner, "_i", index);
  const line =
    item !== null && typeof item === "object" ? (item as { _line?: unknown })._line : undefined;
  if (typeof line !== "number") return inner;
  return { ...inner, warn: (code, message) => scope.warn(code, message, line) };
}

export interface Scope {
  record: SourceRecord;
  vars: Vars;
  warn: Warn;
  countries: CountryNormaliser;
  unmappedCountry: (label: string) => void;
  /** Memory of the whole import run (what `seen-before` remembers), by function. */
  memory: Map<string, Map<string, unknown>>;
  /** Extra inputs read whole before the source (`lookups`), by name. */
  lookup: (name: string, key: string) => unknown[] | undefined;
}

/** The variables in scope: `let`, then `forEach … as` and `$each … as` items. */
export interface Vars {
  has(name: string): boolean;
  get(name: string): unknown;
}

export const NO_VARS: Vars = { has: () => false, get: () => undefined };

export function withVar(scope: Scope, name: string, value: unknown): Scope {
  const outer = scope.vars;
  return {
    ...scope,
    vars: {
      has: (other) => other === name || outer.has(other),
      get: (other) => (other === name ? value : outer.get(other)),
    },
  };
}

/**
 * A mapping's `let` variables, each computed the first time it is used, then kept for the
 * source record: a variable only the imported records use costs nothing (and warns nothing) for
 * a record that `where` filters out.
 */
export function lazyLets(definitions: Record<string, Value>, base: Scope): Scope {
  const values = new Map<string, unknown>();
  const evaluating = new Set<string>();
  const scope: Scope = {
    ...base,
    vars: {
      has: (name) => Object.hasOwn(definitions, name) || base.vars.has(name),
      get: (name) => {
        if (!Object.hasOwn(definitions, name)) return base.vars.get(name);
        if (values.has(name)) return values.get(name);
        if (evaluating.has(name)) throw new Error(`the variable ${name} refers to itself`);
        evaluating.add(name);
        try {
          const value = evaluate(definitions[name], scope);
          values.set(name, value);
          return value;
        } finally {
          evaluating.delete(name);
        }
      },
    },
  };
  return scope;
}

export function isExpression(value: unknown): value is Expression {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).some((key) => key.startsWith("$"))
  );
}

/** A name in a template or a CLI predicate: a variable (with .path) first, then a field. */
export function resolveName(scope: Scope, name: string, raw = false): unknown {
  const [head, ...rest] = name.split(".");
  if (head !== undefined && scope.vars.has(head)) {
    const value = dig(scope.vars.get(head), rest);
    return raw ? value : present(value);
  }
  if (head === "_file") return scope.record.file.split(/[\\/]/).pop();
  if (head === "_line") return scope.record.line;
  if (head === "_index") return scope.record.index;
  if (head === "_position") return scope.record.position;
  if (head === "_cells") return scope.record.cells;
  if (head === "_rows") return present(dig(scope.record.rows, rest));
  if (head === "_columns") return scope.record.columns;
  if (head === "_record") {
    // The whole source record (every field counts as read).
    for (const key of Object.keys(scope.record.fields)) scope.record.read.add(key);
    return present(dig(scope.record.fields, rest));
  }
  return scope.record.get(name);
}

export function evaluate(value: Value | undefined, scope: Scope): unknown {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object") return value;
  if (Array.isArray(value)) {
    const items = value.map((item) => evaluate(item, scope)).filter((item) => item !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (isExpression(value)) return evaluateExpression(value, scope);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const result = evaluate(item as Value, scope);
    if (result !== undefined) out[key] = result;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function evaluateExpression(expression: Expression, scope: Scope): unknown {
  let result = baseValue(expression, scope);
  if (expression.pipe && result !== undefined) result = applySteps(result, expression.pipe, scope);
  if (!expression.raw) result = present(result);
  if (result === undefined && expression.required) {
    throw new SkipRecord(
      typeof expression.required === "string"
        ? expression.required
        : `${expression.what ?? describe(expression)} missing`,
    );
  }
  return result;
}

function describe(expression: Expression): string {
  if (expression.$field !== undefined) return `field ${expression.$field}`;
  if (expression.$var !== undefined) return expression.$var;
  return "a required value";
}

function baseValue(expression: Expression, scope: Scope): unknown {
  if (expression.$field !== undefined)
    return expression.raw
      ? scope.record.raw(expression.$field)
      : scope.record.get(expression.$field);
  if (expression.$var !== undefined) return resolveName(scope, expression.$var, expression.raw);
  if (expression.$template !== undefined) return template(expression.$template, scope);
  if ("$const" in expression) return expression.$const;
  if (expression.$first !== undefined) {
    for (const candidate of expression.$first) {
      const result = present(evaluate(candidate, scope));
      if (result !== undefined) return result;
    }
    return undefined;
  }
  if (expression.$date !== undefined) return dateValue(expression, scope);
  if (expression.$country !== undefined) return countryValue(expression, scope);
  if (expression.$each !== undefined) {
    const list = evaluate(expression.$each, scope);
    if (list === undefined) return undefined;
    const items = Array.isArray(list) ? list : [list];
    const name = expression.as ?? "item";
    const out = items
      .map((item, index) =>
        evaluate(expression.map ?? { $var: name }, itemScope(scope, name, item, index)),
      )
      .filter((item) => item !== undefined);
    return out.length > 0 ? out : undefined;
  }
  if (expression.$if !== undefined) {
    return test(expression.$if, scope)
      ? evaluate(expression.then, scope)
      : evaluate(expression.else, scope);
  }
  if (expression.$fn !== undefined) {
    const fn = FUNCTIONS[expression.$fn];
    if (!fn) throw new Error(`unknown function ${expression.$fn}`);
    return fn(
      (expression.args ?? []).map((arg) => evaluate(arg, scope)),
      functionContext(expression.$fn, scope),
    );
  }
  if (expression.$merge !== undefined) {
    // Lists concatenated, objects merged (a later key wins); absent parts left out.
    const parts = expression.$merge
      .map((part) => evaluate(part, scope))
      .filter((part) => part !== undefined);
    if (parts.length === 0) return undefined;
    if (parts.every(Array.isArray)) return (parts as unknown[][]).flat();
    return Object.assign({}, ...parts.filter((part) => typeof part === "object"));
  }
  if (expression.$prefixKeys !== undefined) {
    const object = evaluate(expression.$prefixKeys, scope);
    if (object === undefined || typeof object !== "object" || Array.isArray(object))
      return undefined;
    // "Actor1*" names every key that starts with Actor1.
    const listed = (names: readonly string[] | undefined, key: string) =>
      names?.some((name) =>
        name.endsWith("*") ? key.startsWith(name.slice(0, -1)) : key === name,
      );
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(object as Record<string, unknown>)) {
      if (listed(expression.omit, key)) continue;
      if (expression.pick && !listed(expression.pick, key)) continue;
      if (expression.omitEmpty && present(item) === undefined) continue;
      out[`${expression.prefix ?? ""}${key}`] = item;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  if (expression.$lookup !== undefined) {
    const key = evaluate(expression.key, scope);
    if (key === undefined) return undefined;
    return scope.lookup(expression.$lookup, stringOf(key));
  }
  return undefined;
}

function functionContext(name: string, scope: Scope): FunctionContext {
  let memory = scope.memory.get(name);
  if (!memory) {
    memory = new Map();
    scope.memory.set(name, memory);
  }
  return { memory, warn: scope.warn, countries: scope.countries };
}

/** What a named function may use besides its arguments. */
export interface FunctionContext {
  /** Kept for the whole import run (one map per function name). */
  memory: Map<string, unknown>;
  warn: Warn;
  countries: CountryNormaliser;
}

/** `{name}` placeholders (variables, then fields), `{name|step|step}`, `{{` for a brace. */
export function template(text: string, scope: Scope, absent?: string): string | undefined {
  let missing = false;
  const out = text.replace(/\{\{|\}\}|\{([^{}]+)\}/g, (whole, inner: string | undefined) => {
    if (whole === "{{") return "{";
    if (whole === "}}") return "}";
    const [name = "", ...steps] = (inner ?? "").split("|").map((part) => part.trim());
    let value = resolveName(scope, name);
    if (value !== undefined && steps.length > 0) value = applySteps(value, steps as Step[], scope);
    value = present(value);
    if (value === undefined || typeof value === "object") {
      missing = true;
      return absent ?? "";
    }
    return String(value);
  });
  return missing && absent === undefined ? undefined : out;
}

export const STEP_NAMES = [
  "trim",
  "collapse-whitespace",
  "lower",
  "upper",
  "sentence-case",
  "title-case",
  "slug",
  "first-sentence",
  "number",
  "string",
  "split-persons",
  "title-name",
  "compact",
  "flatten",
  "sort",
  "unique",
  "first",
] as const;

const STRING_STEPS: Record<string, (text: string) => unknown> = {
  trim: (text) => text.trim(),
  "collapse-whitespace": collapseWhitespace,
  lower: (text) => text.toLowerCase(),
  upper: (text) => text.toUpperCase(),
  "sentence-case": sentenceCase,
  "title-case": titleCase,
  slug,
  "first-sentence": firstSentence,
  number: (text) => {
    const number = Number(text.trim());
    return text.trim() !== "" && Number.isFinite(number) ? number : undefined;
  },
  string: (text) => text,
  "split-persons": (text) => splitPersons(text).map((person) => withText(person)),
  "title-name": (text) => withText(splitTitleName(text)),
};

function withText(person: { title?: string; name?: string }) {
  return { ...person, text: [person.title, person.name].filter(Boolean).join(" ") };
}

export function applySteps(value: unknown, steps: readonly Step[], scope: Scope): unknown {
  let current = value;
  for (const step of steps) {
    if (current === undefined) return undefined;
    current = applyStep(current, step, scope);
  }
  return current;
}

function applyStep(value: unknown, step: Step, scope: Scope): unknown {
  if (step === "compact") {
    if (!Array.isArray(value)) return value;
    const items = value.filter((item) => present(item) !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (step === "flatten") return Array.isArray(value) ? value.flat() : value;
  if (step === "first") return Array.isArray(value) ? value[0] : value;
  if (step === "sort")
    return Array.isArray(value) ? [...value].sort((a, b) => compare(a, b)) : value;
  if (step === "unique") {
    if (!Array.isArray(value)) return value;
    const seen = new Set<string>();
    return value.filter((item) => {
      const key = JSON.stringify(item);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
  if (Array.isArray(value) && !(typeof step === "object" && "fn" in step)) {
    const items = value
      .flatMap((item) => applyStep(item, step, scope))
      .filter((item) => item !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (typeof step === "string") {
    const fn = STRING_STEPS[step];
    if (!fn) throw new Error(`unknown step ${step}`);
    return present(fn(stringOf(value)));
  }
  if ("split-persons" in step) {
    return splitPersons(stringOf(value), step["split-persons"].titles).map(withText);
  }
  if ("split" in step) {
    const separator = step.regex ? new RegExp(step.split) : step.split;
    const parts = stringOf(value)
      .split(separator)
      .map((part) => part.trim())
      .filter(Boolean);
    return parts.length > 0 ? parts : undefined;
  }
  if ("match" in step) {
    const match = new RegExp(step.match, step.flags).exec(stringOf(value));
    return match ? present(match[step.group ?? (match.length > 1 ? 1 : 0)]) : undefined;
  }
  if ("replace" in step) {
    return present(stringOf(value).replace(new RegExp(step.replace, step.flags ?? "g"), step.with));
  }
  if ("codes" in step) {
    const key = stringOf(value);
    if (Object.hasOwn(step.codes, key)) return step.codes[key];
    const folded = Object.keys(step.codes).find((code) => code.toLowerCase() === key.toLowerCase());
    if (folded !== undefined) return step.codes[folded];
    const otherwise = step.otherwise ?? "warn";
    if (otherwise === "keep") return value;
    if (otherwise === "warn")
      scope.warn(
        step.warning ?? "code-unmapped",
        `${step.what ? `${step.what} ` : ""}'${key}' is not in the code table; left absent`,
      );
    return undefined;
  }
  if ("fn" in step) {
    const fn = FUNCTIONS[step.fn];
    if (!fn) throw new Error(`unknown function ${step.fn}`);
    return fn(
      [value, ...(step.args ?? []).map((arg) => evaluate(arg, scope))],
      functionContext(step.fn, scope),
    );
  }
  return value;
}

export function stringOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

export function test(predicate: Predicate, scope: Scope): boolean {
  if (predicate.all && !predicate.all.every((item) => test(item, scope))) return false;
  if (predicate.any && !predicate.any.some((item) => test(item, scope))) return false;
  if (predicate.not && test(predicate.not, scope)) return false;
  if (!("value" in predicate)) return true;
  const evaluated = evaluate(predicate.value, scope);
  const value =
    isExpression(predicate.value) && predicate.value.raw ? evaluated : present(evaluated);
  for (const [key, sign] of [
    ["lessThan", -1],
    ["greaterThan", 1],
  ] as const) {
    if (predicate[key] === undefined) continue;
    const other = present(evaluate(predicate[key], scope));
    if (value === undefined || other === undefined) return false;
    if (Math.sign(compare(value, other)) !== sign) return false;
  }
  if (predicate.exists !== undefined && (value !== undefined) !== predicate.exists) return false;
  if ("equals" in predicate) {
    // An expression compares with another value of the record ("the label names the id's country").
    const expected = isExpression(predicate.equals)
      ? present(evaluate(predicate.equals as Value, scope))
      : predicate.equals;
    if (!sameValue(value, expected)) return false;
  }
  if (predicate.in && !predicate.in.some((option) => sameValue(value, option))) return false;
  if (predicate.matches !== undefined) {
    if (value === undefined) return false;
    if (!new RegExp(predicate.matches, predicate.flags).test(stringOf(value))) return false;
  }
  return true;
}

/** Numbers (and numeric text) by value, anything else as text: ISO dates sort as dates. */
export function compare(a: unknown, b: unknown): number {
  const x = Number(a);
  const y = Number(b);
  if (
    typeof a !== "object" &&
    typeof b !== "object" &&
    String(a).trim() !== "" &&
    String(b).trim() !== "" &&
    Number.isFinite(x) &&
    Number.isFinite(y)
  )
    return x - y;
  const s = stringOf(a);
  const t = stringOf(b);
  return s < t ? -1 : s > t ? 1 : 0;
}

function sameValue(value: unknown, expected: unknown): boolean {
  if (value === undefined) return expected === undefined || expected === null;
  if (typeof expected === "string" || typeof expected === "number")
    return stringOf(value) === String(expected);
  return JSON.stringify(value) === JSON.stringify(expected);
}

// ---- dates ----------------------------------------------------------------------------------

const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

function dateValue(expression: Expression, scope: Scope): PartialDate | undefined {
  const raw = evaluate(expression.$date, scope);
  if (raw === undefined) return undefined;
  const value = parseDate(raw, expression.formats);
  if (value === undefined) {
    scope.warn(
      "date-invalid",
      `${expression.what ?? "date"} '${stringOf(raw)}' is not a calendar date${
        expression.formats ? ` in the formats ${expression.formats.join(", ")}` : ""
      }; left absent`,
    );
    return undefined;
  }
  return {
    value,
    ...(expression.inferred ? { inferred: expression.inferred } : {}),
    ...(expression.basis ? { basis: expression.basis } : {}),
  };
}

/**
 * A partial date ('YYYY', 'YYYY-MM', 'YYYY-MM-DD') from ISO text, a year as a number
 * (spreadsheets often hold 1950 as a number), a JS Date, or text in one of `formats`.
 */
export function parseDate(raw: unknown, formats?: readonly string[]): string | undefined {
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? undefined : isoDay(raw);
  if (typeof raw === "number") {
    return Number.isInteger(raw) && raw >= 1000 && raw <= 9999 ? String(raw) : undefined;
  }
  if (typeof raw !== "string") return undefined;
  const text = raw.trim();
  if (formats && formats.length > 0) {
    for (const format of formats) {
      const value = byFormat(text, format);
      if (value !== undefined && isRealPartialDate(value)) return value;
    }
    return undefined;
  }
  const iso = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?)?)?$/.exec(
    text,
  );
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  const match = iso ?? compact;
  if (!match) return undefined;
  const value = [match[1], match[2], match[3]].filter((part) => part !== undefined).join("-");
  return isRealPartialDate(value) ? value : undefined;
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The tokens of a mapping's date formats: the part of the date each reads, and how. */
const DATE_TOKENS: Record<
  string,
  [group: "year" | "month" | "monthName" | "day", pattern: string]
> = {
  YYYY: ["year", "(\\d{4})"],
  MMMM: ["monthName", "([A-Za-z]+)"],
  MMM: ["monthName", "([A-Za-z]{3})\\.?"],
  MM: ["month", "(\\d{2})"],
  M: ["month", "(\\d{1,2})"],
  DD: ["day", "(\\d{2})"],
  D: ["day", "(\\d{1,2})"],
};

function byFormat(text: string, format: string): string | undefined {
  const groups: string[] = [];
  const pattern = format.replace(/YYYY|MMMM|MMM|MM|M|DD|D|[.*+?^${}()|[\]\\]/g, (token) => {
    const known = DATE_TOKENS[token];
    if (!known) return `\\${token}`;
    groups.push(known[0]);
    return known[1];
  });
  const match = new RegExp(`^${pattern}$`, "i").exec(text);
  if (!match) return undefined;
  let year: string | undefined;
  let month: number | undefined;
  let day: number | undefined;
  groups.forEach((group, index) => {
    const part = match[index + 1] ?? "";
    if (group === "year") year = part;
    else if (group === "month") month = Number(part);
    else if (group === "day") day = Number(part);
    else {
      const found = MONTHS.findIndex((name) => name.startsWith(part.toLowerCase()));
      month = found >= 0 && part.length >= 3 ? found + 1 : Number.NaN;
    }
  });
  if (year === undefined) return undefined;
  if (month === undefined) return year;
  if (!Number.isInteger(month) || month < 1 || month > 12) return undefined;
  const mm = String(month).padStart(2, "0");
  if (day === undefined) return `${year}-${mm}`;
  return `${year}-${mm}-${String(day).padStart(2, "0")}`;
}

// ---- countries ------------------------------------------------------------------------------

/**
 * A country code through the SDK's normaliser (which also reads qualified labels such as "Siam
 * (Thailand)"), then `fallback` (for an ambiguous label, only a fallback among its candidates:
 * "Korea" with the id "korea-south" is KOR). Nothing found: absent, with a `country-ambiguous` warning
 * naming the candidates or a `country-unmapped` one with the names a typo away (never taken).
 */
function countryValue(expression: Expression, scope: Scope): string | undefined {
  const what = expression.what ?? "country";
  const raw = evaluate(expression.$country, scope);
  const fallbackRaw = evaluate(expression.fallback, scope);
  if (raw === undefined && fallbackRaw === undefined) return undefined;
  const label = raw === undefined ? undefined : collapseWhitespace(stringOf(raw));
  const match = label === undefined ? undefined : scope.countries(label);
  const other = fallbackRaw === undefined ? undefined : collapseWhitespace(stringOf(fallbackRaw));
  const otherMatch = other === undefined ? undefined : scope.countries(other);
  if (match?.code !== undefined) {
    // Two values that should name the same country and do not: the first is kept, and said.
    if (expression.mismatchWarning && otherMatch?.code && otherMatch.code !== match.code)
      scope.warn(
        expression.mismatchWarning,
        `${what} '${label}' is ${match.code} but '${other}' is ${otherMatch.code}; ${match.code} is kept`,
      );
    return match.code;
  }
  const fallback = otherMatch?.code;
  // An ambiguous label ("Korea") takes the fallback only when it is one of its candidates.
  const fits = !match?.ambiguous?.length || (fallback && match.ambiguous.includes(fallback));
  if (fallback && fits) {
    scope.warn(
      expression.fallbackWarning ?? "country-from-fallback",
      `${what} '${label ?? ""}' not recognised; country taken from '${other}' (${fallback})`,
    );
    return fallback;
  }
  const shown = label ?? (other as string);
  const failed = match ?? otherMatch;
  scope.unmappedCountry(shown);
  if (failed && failed.code === undefined) {
    const warning = countryWarning(failed, what, shown);
    scope.warn(warning.code, warning.message);
  }
  return undefined;
}
