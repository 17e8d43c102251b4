import { compareFindings, type Finding } from "@parley/validator";
import { ExternalSort, SpillBudget } from "./external-sort";

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
 * `runSize` findings as NDJSON. An input with fewer findings never touches the disk.
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
   * `compare`: the report order; findings that compare equal keep the order they were added in.
   * Another type than `Finding` (with its own order) spools what is not a finding yet: the
   * report stage's findings, placed in their file only once every part is known.
   */
  constructor(
    runSize = DEFAULT_RUN_SIZE,
    compare: (a: T, b: T) => number = compareFindings as unknown as (a: T, b: T) => number,
    budget: SpillBudget = FINDINGS_HELD,
  ) {
    super({
      compare,
      encode: (finding) => JSON.stringify(finding),
      decode: (line) => JSON.parse(line) as T,
      // One line per finding, joined into one JSON array: one parse for a whole read.
      decodeLines: (text) => JSON.parse(`[${text.replaceAll("\n", ",")}]`) as T[],
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
