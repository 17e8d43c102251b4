/**
 * The words for a value that does not fit the standard, in one place: the SDK's builders and
 * the validator (`@parley/validator`) say the same thing about the same mistake — the field,
 * the value, and what is allowed instead.
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
