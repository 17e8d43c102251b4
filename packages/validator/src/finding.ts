/**
 * What the validator reports. Every reporter (pretty, JSON, SARIF, GitHub, JUnit) and the CLI
 * consume these two types and nothing else, so they are kept plain data: JSON-serialisable,
 * structured-clone-safe (they cross worker-thread boundaries), no classes, no functions.
 */

export type Severity = "error" | "warning" | "info";

export const SEVERITIES: readonly Severity[] = ["error", "warning", "info"];

/**
 * One problem at one place.
 *
 * Positions describe the bytes the validator read AFTER gzip decompression (a `.ndjson.gz` is
 * reported in terms of the NDJSON inside it) and refer to the start of the offending value
 * (for a missing property: the start of the object that lacks it; for an unknown property: its
 * key).
 */
export interface Finding {
  /** Stable rule id from the catalogue (`RULES`), e.g. `schema-required`, `ref-dangling`. */
  ruleId: string;
  /** The effective severity after configuration (`rules: { "<id>": "warning" }`). */
  severity: Severity;
  /** One sentence, in English, saying what is wrong; it names the offending value when short. */
  message: string;
  /** The input's name as given in `ValidateOptions.file` (`"<stdin>"` when none was given). */
  file: string;
  /** 1-based line of the offending value. */
  line: number;
  /** 1-based column of the offending value, counted in UTF-16 code units (as SARIF and editors do). */
  column: number;
  /** 0-based byte offset of the offending value from the start of the (decompressed) input. */
  offset: number;
  /**
   * RFC 6901 JSON Pointer of the offending value.
   *
   * - When `recordIndex` is a number, the pointer is RELATIVE TO THE RECORD: `""` is the record
   *   itself, `/participants/0/person` a field inside it. It is the same for the JSON and the
   *   NDJSON form of a dataset. `documentPointer()` turns it into a pointer from the root of a
   *   JSON document (`/records/<recordIndex>/participants/0/person`).
   * - When `recordIndex` is null, the finding is about the input or the dataset itself (bad
   *   gzip, empty file, metadata, the NDJSON header line) and the pointer is relative to the
   *   JSON document (JSON form) or to the header line (NDJSON form); `""` when no value is
   *   involved.
   */
  pointer: string;
  /** 0-based index of the record among the dataset's records (the NDJSON header is not a record); null when the finding is not about one record. */
  recordIndex: number | null;
  /** The record's `id`, when it has a string one. */
  recordId?: string;
  /** A replacement that would fix it ("did you mean"), as the literal value to write. */
  suggestion?: string;
  /**
   * Set only where one position can get several findings of one rule that one process reports
   * at different moments (an event's participant outside two of its formats: checked when the
   * event is read if the format came first, when the format arrives otherwise): the moment,
   * `[byte offset of the record being read, index of the format link]`. It orders such findings
   * as one process reports them, whichever worker or stage found them (`compareFindings`).
   * Reporters do not write it.
   */
  emitted?: EmitKey;
}

/**
 * When one process reports a finding, as a tuple compared element by element (`compareEmitKeys`):
 * `[clock, …]`, where `clock` is the byte offset of the record being read.
 */
export type EmitKey = number[];

export function compareEmitKeys(a: EmitKey, b: EmitKey): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? -1;
    const y = b[i] ?? -1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** Per-rule tally in a summary. */
export interface RuleCount {
  severity: Severity;
  /** Every occurrence found, including those not reported because of a cap. */
  count: number;
  /** Occurrences that were emitted as findings. */
  reported: number;
}

/**
 * The form an input was read in: a JSON dataset document, a bare JSON array of records (no
 * dataset object around them, the usual shape of third-party JSON), or NDJSON.
 */
export type InputForm = "json" | "json-array" | "ndjson";

/**
 * Totals of one validation run. Counts cover EVERYTHING found, also the findings that
 * `maxFindings` / `maxFindingsPerRule` kept from being emitted.
 */
export interface ValidationSummary {
  file: string;
  /** The form that was read (detected or as given). `null` when the input was unreadable before that could be decided (corrupt gzip, empty). */
  format: InputForm | null;
  /** True when the input was gzip-compressed. */
  compressed: boolean;
  /** The dataset's declared `schemaVersion`; null when absent. */
  schemaVersion: string | null;
  /**
   * The version records were checked against although the input does not declare it: a bare
   * JSON array of records, checked against `defaultSchemaVersion` (`--schema-version`) or else
   * the latest version. Absent when the input declares its version.
   */
  assumedSchemaVersion?: string;
  /** True when the declared version is one this validator knows (records were checked against its JSON Schema). */
  schemaVersionSupported: boolean;
  /** Records read (parsed or not), excluding the NDJSON header line. */
  records: number;
  /** Records that parsed, by their `type`. */
  recordsByType: Record<string, number>;
  /** Records with at least one error-level finding of their own (cross-record findings included). */
  invalidRecords: number;
  /** Decompressed bytes read. */
  bytes: number;
  /** Compressed bytes read, when the input was gzip. */
  compressedBytes?: number;
  /** Findings by effective severity, all of them (capped ones included). */
  counts: Record<Severity, number>;
  /** Findings by rule id, all of them. Rules with no occurrence are absent. */
  byRule: Record<string, RuleCount>;
  /** Findings emitted. */
  reported: number;
  /** Findings counted but not emitted because a cap was reached. */
  capped: number;
  /** True when `maxFindings` was reached. */
  totalCapReached: boolean;
  /** Rules whose `maxFindingsPerRule` was reached. */
  rulesCapped: string[];
  /** True when reading stopped early (unrecoverable input: corrupt gzip, JSON document syntax error, abort). */
  aborted: boolean;
}

/**
 * A finding's pointer from the root of a JSON-form document (see `Finding.pointer`): under
 * `/records` in a dataset document, straight under the root in a bare array (`/3/date` is
 * record 3's date).
 */
export function documentPointer(
  finding: Pick<Finding, "pointer" | "recordIndex">,
  form: InputForm = "json",
): string {
  if (finding.recordIndex === null) return finding.pointer;
  return form === "json-array"
    ? `/${finding.recordIndex}${finding.pointer}`
    : `/records/${finding.recordIndex}${finding.pointer}`;
}

/** RFC 6901 escaping of one reference token. */
export function escapePointerToken(token: string | number): string {
  if (typeof token === "number") return String(token);
  return token.includes("~") || token.includes("/")
    ? token.replace(/~/g, "~0").replace(/\//g, "~1")
    : token;
}

/** RFC 6901 unescaping of one reference token. */
export function unescapePointerToken(token: string): string {
  return token.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** Splits a JSON Pointer into its unescaped tokens (`""` → `[]`). */
export function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer.slice(1).split("/").map(unescapePointerToken);
}

/**
 * Sort order of findings within one input: by position, then rule id, then the moment one
 * process reports them (`emitted`, where it is set; otherwise the sort keeps the order found).
 */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.offset - b.offset ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
    (a.emitted && b.emitted ? compareEmitKeys(a.emitted, b.emitted) : 0)
  );
}
