/**
 * The line contract between the stages of a distributed validation (map → sort → reduce →
 * report), the one Hadoop Streaming and Spark's `RDD.pipe` speak: text lines
 *
 *     KEY <TAB> ORDER <TAB> JSON
 *
 * - KEY: for a fact about an id, 16 hex digits of the id's 64-bit hash (the hash the
 *   single-process validator identifies ids by, `IdTable.lanes`); a shuffle by KEY brings
 *   every fact about one id to one reducer. Lines for the report only (a part's summary and
 *   findings) have a KEY starting with `~`: reducers pass them through unchanged.
 * - ORDER: for a fact, its kind (`d` an id defined, `m` a format-membership check, `r` a
 *   reference) then the byte offset of its record (12 hex digits) and its sequence in the
 *   record (8 hex digits). Sorting lines by bytes (`LC_ALL=C sort`) therefore delivers, per
 *   id, every definition first, in file order, then the checks and references in file order:
 *   the reducer decides each one as it arrives, as the single-process validator did when it
 *   reached that record, holding O(1) state per id.
 * - JSON: one array, its first element a tag (`P` part summary, `F` finding of one record,
 *   `d`/`m`/`r` facts, `L` a link for the cycle check, `X` cross-record finding, `D` unresolved reference, `T` tally of
 *   references beyond the itemised ones, `N` the ids a reducer saw). Strings are JSON-escaped,
 *   so a line never holds a raw tab or newline inside a field.
 *
 * Positions in facts are PART-RELATIVE for lines and record indexes (a part does not know
 * how many lines and records precede it) and ABSOLUTE for byte offsets; the report turns them
 * into file positions from the parts' line and record counts.
 */
import { IdTable } from "../id-table";

/**
 * Bumped when the meaning of a line changes: the report refuses lines of another version.
 * 2: a reference's date check carries one position (the citation's), wherever its source is.
 */
export const STAGE_CONTRACT = 2;

/** Key of the facts about `id`: its 64-bit hash in hex (two 32-bit lanes). */
export function idKey(id: string): string {
  const [a, b] = IdTable.lanes(id);
  return hex8(a) + hex8(b);
}

/** Two hex digits per byte value: a key is built for every fact, and toString(16) + padStart cost ~6 % of a map. */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function hex8(n: number): string {
  return (
    (HEX[(n >>> 24) & 255] as string) +
    (HEX[(n >>> 16) & 255] as string) +
    (HEX[(n >>> 8) & 255] as string) +
    (HEX[n & 255] as string)
  );
}

/** Key of a part's report lines: `~` then a hash of the file name and the part's start. */
export function partKey(file: string, partStart: number): string {
  return `~${idKey(`${file}\u0000${partStart}`)}`;
}

/** Fact kinds, in the order a reducer must see them per id. */
export type FactKind = "d" | "m" | "r";

export function factOrder(kind: FactKind, recordOffset: number, seq: number): string {
  return kind + recordOffset.toString(16).padStart(12, "0") + seq.toString(16).padStart(8, "0");
}

/** `KEY\tORDER\tJSON\n`. */
export function stageLine(key: string, order: string, value: unknown): string {
  return `${key}\t${order}\t${JSON.stringify(value)}\n`;
}

/** Splits a stage line into its three fields; undefined when it is not one. */
export function parseStageLine(
  line: string,
): { key: string; order: string; value: unknown[] } | undefined {
  const t1 = line.indexOf("\t");
  const t2 = t1 < 0 ? -1 : line.indexOf("\t", t1 + 1);
  if (t2 < 0) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line.slice(t2 + 1));
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || typeof value[0] !== "string") return undefined;
  return { key: line.slice(0, t1), order: line.slice(t1 + 1, t2), value };
}

/** A position inside a part: line (part-relative), column, byte offset (absolute). */
export type PartPosition = [line: number, column: number, offset: number];

/**
 * What an `r` fact of an event citing a source carries for `source-published-before-event`:
 * the event's earliest day, its date as written, the citation's pointer and position.
 */
export type DateCheck = [
  eventEarliest: number,
  eventDate: string,
  citation: string,
  position: PartPosition,
];

/**
 * When a finding was emitted by the single-process validator (finding.ts, `EmitKey`), as the
 * stages write it: `[clock, phase, …]`. `clock` is the byte offset of the record being
 * processed (END_CLOCK for what is reported at the end of the input); `phase` the step within
 * that record: 0 checks of the record itself, 1 its id already used, 2 checks that waited for its
 * id, 3 its references to earlier records, 4 dataset rules of the record alone, 5 its
 * format-membership checks against earlier formats. Findings at the same offset of the same
 * rule are reported in this order, and a summary lists rules in the order first reported.
 */
export { compareEmitKeys, type EmitKey } from "../finding";

/** JSON has no Infinity: the end-of-input clock travels as this. */
export const END_CLOCK = Number.MAX_SAFE_INTEGER;

/**
 * Rules that need other records: the map stage leaves them to the reducers, except
 * `reference-cycle`, whose cycles may run through any number of ids: the map hands its links
 * (`L` lines) to the report, which checks them as one process does at the end of the input.
 */
export const CROSS_RECORD_RULES = [
  "id-duplicate",
  "ref-dangling",
  "ref-wrong-type",
  "source-published-before-event",
  "format-members-participants",
  "reference-cycle",
] as const;

/** The single-process validator's limits, which the stages reproduce exactly. */
export {
  PENDING_ITEMS_PER_ID,
  SUGGESTION_BUDGET,
  SUGGESTION_ID_LIMIT,
} from "../dataset/cross-record";

/** Thrown on lines that break the contract (unsorted, unknown, from another version). */
export class StageInputError extends Error {}
