import type { RuleCount, Severity, ValidationSummary } from "../finding";

/** One rule's tally across all inputs of a report. */
export interface RuleTally extends RuleCount {
  ruleId: string;
}

/** Totals across all inputs of a report; counts include findings that caps kept from output. */
export interface ReportTotals {
  files: number;
  records: number;
  invalidRecords: number;
  bytes: number;
  /** Findings by severity, all of them. */
  counts: Record<Severity, number>;
  /** Findings emitted (after caps). */
  reported: number;
  /** Findings counted but not emitted because a cap was reached. */
  capped: number;
  /** Per rule, sorted by rule id so that output is stable. */
  byRule: RuleTally[];
  /** Inputs whose reading stopped early (corrupt gzip, JSON document syntax error). */
  aborted: number;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Adds up the per-input summaries of a report. */
export function totals(summaries: readonly ValidationSummary[]): ReportTotals {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const byRule = new Map<string, RuleTally>();
  let records = 0;
  let invalidRecords = 0;
  let bytes = 0;
  let reported = 0;
  let capped = 0;
  let aborted = 0;
  for (const summary of summaries) {
    records += summary.records;
    invalidRecords += summary.invalidRecords;
    bytes += summary.bytes;
    reported += summary.reported;
    capped += summary.capped;
    if (summary.aborted) aborted++;
    for (const severity of Object.keys(counts) as Severity[]) {
      counts[severity] += summary.counts[severity] ?? 0;
    }
    for (const [ruleId, count] of Object.entries(summary.byRule)) {
      const tally = byRule.get(ruleId);
      if (tally) {
        tally.count += count.count;
        tally.reported += count.reported;
        // The same config applies to every input, so a rule has one severity; should two
        // inputs ever disagree, the more severe wins rather than hiding an error.
        if (SEVERITY_RANK[count.severity] < SEVERITY_RANK[tally.severity]) {
          tally.severity = count.severity;
        }
      } else {
        byRule.set(ruleId, { ruleId, ...count });
      }
    }
  }
  return {
    files: summaries.length,
    records,
    invalidRecords,
    bytes,
    counts,
    reported,
    capped,
    byRule: [...byRule.values()].sort((a, b) => (a.ruleId < b.ruleId ? -1 : 1)),
    aborted,
  };
}

/** "1 error" / "3 warnings": English plurals for summaries. */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${formatCount(count)} ${count === 1 ? noun : pluralNoun}`;
}

const THOUSANDS = /\B(?=(\d{3})+$)/g;

/**
 * A count as `toLocaleString("en-US")` writes it (`1,234,567`), grouped by hand: the first
 * `toLocaleString` of a process loads ICU's number formats, 15-30 ms of every `parley validate`
 * that prints a summary. Anything but a safe integer from 0 up (-0 is "-0") still goes through
 * ICU.
 */
export function formatCount(count: number): string {
  if (!Number.isSafeInteger(count) || count < 0 || Object.is(count, -0))
    return count.toLocaleString("en-US");
  return count < 1000 ? String(count) : String(count).replace(THOUSANDS, ",");
}
