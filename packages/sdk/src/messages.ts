/**
 * The words for a value that does not fit the standard, in one place: the SDK's builders and
 * the validator (`@parley/validator`) say the same thing about the same mistake — the field,
 * the value, and what is allowed instead. Also the entry `@parley/sdk/messages`, which loads
 * nothing else.
 */

/** Longest quoted value in a message; a longer one is cut with an ellipsis. */
const MAX_QUOTED = 60;

/** A value as JSON, cut to MAX_QUOTED characters. */
export function quoteValue(value: unknown): string {
  const text =
    typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED - 1)}…` : text;
}

/** A value outside a code list: the value, a suggestion if one is close, and every allowed value. */
export function notInCodeListMessage(
  value: unknown,
  allowed: readonly unknown[],
  suggestion?: string,
): string {
  return `${quoteValue(value)} is not in the code list${suggestion ? ` (did you mean '${suggestion}'?)` : ""}; allowed: ${allowed.map(String).join(", ")}`;
}

/** A property the standard does not define. */
export function unknownPropertyMessage(key: string, suggestion?: string): string {
  return `Unknown property ${quoteValue(key)}${suggestion ? ` (did you mean '${suggestion}'?)` : ""}; third-party data belongs in 'extensions'`;
}

/** A required property that is absent. */
export function missingPropertyMessage(key: string): string {
  return `Missing required property '${key}'`;
}

/** A value's JSON type as the messages name it: null, array, object, string, number, boolean. */
export function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/** "a string", "an object". */
export function withArticle(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

/**
 * A value of the wrong JSON type. `expected` is worded for the reader ("a string", "true or
 * false"); `literal` shows the value itself rather than its type (1.5 for a whole number).
 */
export function typeMismatchMessage(expected: string, value: unknown, literal = false): string {
  return `Expected ${expected}, found ${literal ? String(value) : withArticle(jsonType(value))}`;
}

/**
 * The forms a union allows, each by its required properties — "{person} | {organization} |
 * {unresolved}" — or by its type when it is not an object ("string").
 */
export function formsList(forms: readonly (readonly string[] | string)[]): string {
  return forms
    .map((form) =>
      typeof form === "string" ? form : `{${form.join(", ")}${form.length ? "" : "…"}}`,
    )
    .join(" | ");
}

/** A value that fits none of the forms its field allows, and no form evidently meant. */
export function noKnownFormMessage(forms: string, value: unknown): string {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? `Matches none of the allowed forms: ${forms}`
    : `Expected one of the forms ${forms}, found ${withArticle(jsonType(value))}`;
}

/** How one form of a union fails a value: problems with the value's own shape, and in all. */
export interface FormAttempt {
  /** Wrong type, missing or unknown properties of the value itself (not deeper down). */
  shapeProblems: number;
  problems: number;
}

/**
 * Which form of a union to explain a failing value through: the index of the form the data
 * evidently meant, or undefined when none is (then `noKnownFormMessage` lists the forms).
 * A form is evidently meant when the value has its shape (its problems lie deeper down), or
 * when it fits the value's shape clearly better than every other form. Ties keep the first.
 */
export function closestForm(attempts: readonly FormAttempt[], value: unknown): number | undefined {
  const scored = attempts
    .map((attempt, index) => ({
      index,
      shape: attempt.shapeProblems,
      score: attempt.shapeProblems * 1000 + attempt.problems,
    }))
    .sort((a, b) => a.score - b.score || a.index - b.index);
  const best = scored[0];
  const second = scored[1];
  if (!best) return undefined;
  const isObject = typeof value === "object" && value !== null;
  if (best.shape > 0 && (!second || second.score - best.score < 1000 || !isObject))
    return undefined;
  return best.index;
}
