import type { Finding, ValidationSummary } from "@parley/validator";

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
  const { maxFindings = Number.POSITIVE_INFINITY, maxFindingsPerRule = Number.POSITIVE_INFINITY } =
    caps;
  let total = 0;
  const perRule = new Map<string, number>();
  return results.map(({ findings, summary }) => {
    const kept: Finding[] = [];
    const keptByRule = new Map<string, number>();
    let totalCapHit = summary.totalCapReached;
    const rulesCapped = new Set(summary.rulesCapped);
    for (const finding of findings) {
      const ruleCount = perRule.get(finding.ruleId) ?? 0;
      if (total >= maxFindings) {
        totalCapHit = true;
        continue;
      }
      if (ruleCount >= maxFindingsPerRule) {
        rulesCapped.add(finding.ruleId);
        continue;
      }
      kept.push(finding);
      total++;
      perRule.set(finding.ruleId, ruleCount + 1);
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
