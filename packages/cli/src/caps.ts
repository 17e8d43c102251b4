import { type Finding, FindingCaps, type ValidationSummary } from "@parley/validator";

export interface InputResult {
  findings: Finding[];
  summary: ValidationSummary;
}

export interface Caps {
  maxFindings?: number;
  maxFindingsPerRule?: number;
}

/**
 * Applies `--max-findings` and `--max-findings-per-rule` across ALL inputs (the validator caps
 * each input on its own, which bounds memory; the user's limits are for the whole report).
 * Findings are taken in report order, so the first ones of the first input are kept. Each
 * summary is rewritten to tell the truth about what its input's report now contains: counts
 * stay complete, `reported`/`capped` and the per-rule `reported` follow what was kept.
 */
export function applyCaps(results: readonly InputResult[], caps: Caps): InputResult[] {
  // One FindingCaps across all inputs: the validator's own caps, over the whole report.
  const capsAcross = new FindingCaps(caps.maxFindings, caps.maxFindingsPerRule);
  return results.map(({ findings, summary }) => {
    const kept: Finding[] = [];
    const keptByRule = new Map<string, number>();
    let totalCapHit = summary.totalCapReached;
    const rulesCapped = new Set(summary.rulesCapped);
    for (const finding of findings) {
      if (!capsAcross.admit(finding.ruleId)) {
        if (capsAcross.totalCapHit) totalCapHit = true;
        else rulesCapped.add(finding.ruleId);
        continue;
      }
      kept.push(finding);
      keptByRule.set(finding.ruleId, (keptByRule.get(finding.ruleId) ?? 0) + 1);
    }
    // A rule whose per-input cap was reached inside the validator is capped across inputs too.
    for (const [ruleId, count] of Object.entries(summary.byRule)) {
      if (count.count > count.reported && !rulesCapped.has(ruleId) && !totalCapHit) {
        rulesCapped.add(ruleId);
      }
    }
    const all = summary.counts.error + summary.counts.warning + summary.counts.info;
    const byRule = Object.fromEntries(
      Object.entries(summary.byRule).map(([ruleId, count]) => [
        ruleId,
        { ...count, reported: keptByRule.get(ruleId) ?? 0 },
      ]),
    );
    return {
      findings: kept,
      summary: {
        ...summary,
        byRule,
        reported: kept.length,
        capped: all - kept.length,
        totalCapReached: totalCapHit,
        rulesCapped: [...rulesCapped].sort(),
      },
    };
  });
}
