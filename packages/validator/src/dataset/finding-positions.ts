/**
 * Where each cross-record finding points inside its record. Three paths report these findings
 * — one thread (the record being read), the `--jobs` merger (the record re-read by its
 * locator, see merge-state.ts) and the map stage of a distributed run (which positions every
 * check it hands on, since a reducer may turn any of them into a finding) — and their reports
 * must be byte-identical. Each path asks here, with its own way of reading the record, so the
 * choice of what a finding points at is made once and cannot drift between them.
 */
import type { Position } from "../json/position";
import type { RecordHandle } from "../record-cursor";
import { citationPointer, countryPointer } from "./pointers";

/** What positions a pointer inside one record (a RecordCursor, a re-read record). */
export type Locates = Pick<RecordHandle, "locate" | "locateString">;

/** `id-duplicate`: the record's id. */
export function duplicateIdAt(record: Locates): Position {
  return record.locate("/id");
}

/**
 * `ref-wrong-type`, `ref-dangling`: the reference string at `pointer` (found by text search
 * when it occurs once: cheap, for the many references kept pending).
 */
export function referenceAt(
  record: Locates,
  pointer: string | (() => string),
  ref: string,
): Position {
  return record.locateString(pointer, ref);
}

/** `source-published-before-event`: the citation a `…/source` reference at `pointer` is in. */
export function citationAt(record: Locates, pointer: string): Position {
  return record.locate(citationPointer(pointer));
}

/** `format-members-participants`: the country the participant at `participant` represents. */
export function countryAt(record: Locates, participant: number, country: string): Position {
  return record.locateString(countryPointer(participant), country);
}

/** Every position at the record's start: a record that cannot be re-read. */
export function recordStart(start: Position): Locates {
  return { locate: () => start, locateString: () => start };
}
