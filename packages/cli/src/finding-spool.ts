import { compareFindings, type Finding } from "@parley/validator";
import {
  ExternalSort,
  type ExternalSortOptions,
  parseJsonLines,
  SpillBudget,
} from "./external-sort";

/**
 * Findings kept in memory before a sorted run of them goes to disk. ~10 k findings are a few
 * MB of objects; the runs are merged back with one small read buffer each.
 */
const DEFAULT_RUN_SIZE = 10_000;

/**
 * Findings held in memory by the spools of this process together: a report keeps one spool an
 * input until every input is validated, so without a shared bound memory would grow with the
 * number of inputs (external-sort.ts, SpillBudget).
 */
const FINDINGS_HELD = new SpillBudget(2 * DEFAULT_RUN_SIZE);

/** How a spool writes its items as lines and reads them back. */
type Lines<T> = Pick<ExternalSortOptions<T>, "encode" | "decode" | "decodeLines">;

/** A finding's fields, in the order a finding is made (findings-collector.ts) and read back. */
const FIELDS = [
  "ruleId",
  "severity",
  "message",
  "file",
  "line",
  "column",
  "offset",
  "pointer",
  "recordIndex",
  "recordId",
  "suggestion",
  "emitted",
] as const satisfies readonly (keyof Finding)[];
// A field added to Finding and not to FIELDS would be lost in the spool: a compile error here.
const everyField: [Exclude<keyof Finding, (typeof FIELDS)[number]>] extends [never] ? true : never =
  true;
void everyField;

/**
 * Findings as spool lines: a JSON array of the fields in FIELDS order, not an object (no member
 * names to write and read back for each of tens of thousands of findings), with `0` for an
 * optional field a finding lacks (no field is ever 0) and for the input's name when it is the
 * one the spool's first finding carried — every finding of an input has the same. A spool's
 * lines are read back only by the spool itself, which remembers that name. Read back as
 * objects with the fields in the same order as the validator makes them.
 */
function findingLines(): Lines<Finding> {
  let file: string | undefined;
  const encode = (f: Finding): string => {
    file ??= f.file;
    return JSON.stringify([
      f.ruleId,
      f.severity,
      f.message,
      f.file === file ? 0 : f.file,
      f.line,
      f.column,
      f.offset,
      f.pointer,
      f.recordIndex,
      f.recordId ?? 0,
      f.suggestion ?? 0,
      f.emitted ?? 0,
    ]);
  };
  const finding = (x: FindingLine): Finding => {
    const f: Finding = {
      ruleId: x[0],
      severity: x[1],
      message: x[2],
      file: x[3] === 0 ? (file as string) : x[3],
      line: x[4],
      column: x[5],
      offset: x[6],
      pointer: x[7],
      recordIndex: x[8],
    };
    if (x[9] !== 0) f.recordId = x[9];
    if (x[10] !== 0) f.suggestion = x[10];
    if (x[11] !== 0) f.emitted = x[11];
    return f;
  };
  return {
    encode,
    decode: (line) => finding(JSON.parse(line) as FindingLine),
    // One line per finding, joined into one JSON array: one parse for a whole read.
    decodeLines: (text) => {
      const lines = parseJsonLines<FindingLine>(text);
      const out = new Array<Finding>(lines.length);
      for (let i = 0; i < lines.length; i++) out[i] = finding(lines[i] as FindingLine);
      return out;
    },
  };
}

/** A spooled finding (see findingLines). */
type FindingLine = [
  Finding["ruleId"],
  Finding["severity"],
  string,
  string | 0,
  number,
  number,
  number,
  string,
  number | null,
  string | 0,
  string | 0,
  NonNullable<Finding["emitted"]> | 0,
];

/** Findings in report order, as the reports read them: a FindingSpool, or the report stage's. */
export interface SortedFindings {
  /** Findings by rule id (what the caps count when none is set). */
  readonly byRule: ReadonlyMap<string, number>;
  /** May be iterated more than once. */
  sorted(): AsyncIterable<Finding>;
}

/**
 * The findings of one input, in any order in, in report order (`compareFindings`) out, with
 * memory bounded whatever their number: the CLI's external sort (external-sort.ts), runs of
 * `runSize` findings as lines of JSON (`findingLines`). An input with fewer findings never touches the disk.
 *
 * The validator emits findings mostly in input order, but cross-record findings (unresolved
 * references, duplicates settled at the end) come last, so the report order needs a sort; a
 * million findings held as objects would take about a gigabyte.
 */
export class FindingSpool<T extends { ruleId: string } = Finding> extends ExternalSort<T> {
  /** Findings added. */
  count = 0;
  /** Findings added, by rule id. */
  readonly byRule = new Map<string, number>();

  /**
   * Without `compare`, findings in report order (`compareFindings`), as compact lines
   * (`findingLines`). With it, another type than `Finding`, in that order, as JSON lines: the
   * report stage's findings, placed in their file only once every part is known. Items that
   * compare equal keep the order they were added in.
   */
  constructor(
    runSize = DEFAULT_RUN_SIZE,
    compare?: (a: T, b: T) => number,
    budget: SpillBudget = FINDINGS_HELD,
  ) {
    super({
      ...(compare === undefined
        ? {
            compare: compareFindings as unknown as (a: T, b: T) => number,
            ...(findingLines() as unknown as Lines<T>),
          }
        : {
            compare,
            encode: (item: T) => JSON.stringify(item),
            decode: (line: string) => JSON.parse(line) as T,
            // One line per item, joined into one JSON array: one parse for a whole read.
            decodeLines: (text: string) => parseJsonLines<T>(text),
          }),
      runSize,
      budget,
      name: "parley-findings",
    });
  }

  /** Adds a finding; returns a promise only when a run has to be written (await it then). */
  override add(finding: T): Promise<void> | undefined {
    const spilling = super.add(finding);
    this.count++;
    this.byRule.set(finding.ruleId, (this.byRule.get(finding.ruleId) ?? 0) + 1);
    return spilling;
  }
}
