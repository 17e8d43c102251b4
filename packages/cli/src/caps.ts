import { type Finding, FindingCaps, type ValidationSummary } from "@parley/validator";

export interface Caps {
  maxFindings?: number;
  maxFindingsPerRule?: number;
}

/**
 * Applies `--max-findings` and `--max-findings-per-rule` across ALL inputs (the validator caps
 * each input on its own, which bounds memory; the user's limits are for the whole report), one
 * finding at a time, in report order, so that a report of any size can be capped as it streams.
 * The first findings of the first input are kept. The decision depends only on the findings
 * seen before, so a second filter over the same findings keeps the same ones: the CLI counts
 * what will be kept in a first pass (the summaries at the top of a JSON report and JUnit's
 * test counts need it) and writes in a second.
 *
 * Each input's summary is then rewritten to tell the truth about what its report contains:
 * counts stay complete, `reported`/`capped` and the per-rule `reported` follow what was kept.
 */
export class CapFilter {
  // One FindingCaps across all inputs: the validator's own caps, over the whole report.
  private readonly across: FindingCaps;
  // The current input's tallies.
  private kept = 0;
  private keptByRule = new Map<string, number>();
  private totalCapHit = false;
  private rulesCapped = new Set<string>();

  constructor(caps: Caps) {
    this.across = new FindingCaps(caps.maxFindings, caps.maxFindingsPerRule);
  }

  /** False when no cap is set: every finding is kept, and no first pass is needed. */
  get active(): boolean {
    return (
      this.across.maxFindings !== Number.POSITIVE_INFINITY ||
      this.across.maxPerRule !== Number.POSITIVE_INFINITY
    );
  }

  /** True once `--max-findings` findings were kept: every later one is left out. */
  get full(): boolean {
    return this.across.reported >= this.across.maxFindings;
  }

  /** Whether the report keeps this finding (the next one of the current input, in report order). */
  keep(finding: Finding): boolean {
    if (!this.across.admit(finding.ruleId)) {
      if (this.across.totalCapHit) this.totalCapHit = true;
      else this.rulesCapped.add(finding.ruleId);
      return false;
    }
    this.kept++;
    this.keptByRule.set(finding.ruleId, (this.keptByRule.get(finding.ruleId) ?? 0) + 1);
    return true;
  }

  /** Counts findings kept without looking at them one by one (no cap is set): `ruleId → count`. */
  keepAll(byRule: ReadonlyMap<string, number>): void {
    for (const [ruleId, count] of byRule) {
      this.kept += count;
      this.keptByRule.set(ruleId, (this.keptByRule.get(ruleId) ?? 0) + count);
    }
  }

  /** Ends the current input: its summary, rewritten to say what the report kept of it. */
  finishInput(summary: ValidationSummary): ValidationSummary {
    const rulesCapped = new Set([...summary.rulesCapped, ...this.rulesCapped]);
    const totalCapHit = summary.totalCapReached || this.totalCapHit;
    // A rule whose per-input cap was reached inside the validator is capped across inputs too.
    for (const [ruleId, count] of Object.entries(summary.byRule)) {
      if (count.count > count.reported && !totalCapHit) rulesCapped.add(ruleId);
    }
    const all = summary.counts.error + summary.counts.warning + summary.counts.info;
    const byRule = Object.fromEntries(
      Object.entries(summary.byRule).map(([ruleId, count]) => [
        ruleId,
        { ...count, reported: this.keptByRule.get(ruleId) ?? 0 },
      ]),
    );
    const capped: ValidationSummary = {
      ...summary,
      byRule,
      reported: this.kept,
      capped: all - this.kept,
      totalCapReached: totalCapHit,
      rulesCapped: [...rulesCapped].sort(),
    };
    this.kept = 0;
    this.keptByRule = new Map();
    this.totalCapHit = false;
    this.rulesCapped = new Set();
    return capped;
  }
}
