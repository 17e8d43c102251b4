/**
 * The messages of the cross-record rules, for every path that reports them (one thread, the
 * `--jobs` merger, the report stage of a distributed run): their reports must be byte-identical.
 */

function article(word: string): string {
  return /^[aeiou]/.test(word) ? "an" : "a";
}

/** `id` undefined: a record the merger could not re-read. */
export function duplicateIdMessage(
  id: string | undefined,
  firstType: string,
  firstLine: number,
): string {
  return `Id ${id === undefined ? "" : `'${id}' `}is already used by the ${firstType} record at line ${firstLine}`;
}

export function wrongTypeMessage(ref: string, expected: string, actual: string): string {
  return `'${ref}' is ${article(actual)} ${actual} record; a reference to ${article(expected)} ${expected} is required here`;
}

export function danglingMessage(target: string, ref: string, suggestion?: string): string {
  return `No ${target} record has id '${ref}'${suggestion ? ` (did you mean '${suggestion}'?)` : ""}`;
}

export function publishedBeforeEventMessage(source: string, eventDate: string): string {
  return `Source '${source}' was published before the event it is cited for (event date ${eventDate})`;
}

export function formatMembersMessage(country: string, format: string, members: string[]): string {
  return `A participant represents ${country}, which is not a member of format '${format}' the event was held in (members: ${members.join(", ")})`;
}
