import type { Finding } from "@parley/validator";

/**
 * Findings as the validate view shows them: grouped by rule (errors first, then by how often
 * the rule fired), each finding in file order.
 */
export type GroupableFinding = Pick<Finding, "ruleId" | "severity" | "line" | "column">;

export interface FindingGroup<F extends GroupableFinding> {
  ruleId: string;
  severity: Finding["severity"];
  findings: F[];
}

const SEVERITY_ORDER: Record<Finding["severity"], number> = { error: 0, warning: 1, info: 2 };

export function groupFindings<F extends GroupableFinding>(
  findings: readonly F[],
): FindingGroup<F>[] {
  const groups = new Map<string, FindingGroup<F>>();
  for (const finding of findings) {
    let group = groups.get(finding.ruleId);
    if (!group) {
      group = { ruleId: finding.ruleId, severity: finding.severity, findings: [] };
      groups.set(finding.ruleId, group);
    }
    // A rule configured at several severities shows its most severe one.
    if (SEVERITY_ORDER[finding.severity] < SEVERITY_ORDER[group.severity])
      group.severity = finding.severity;
    group.findings.push(finding);
  }
  const byPosition = (a: F, b: F) => a.line - b.line || a.column - b.column;
  return [...groups.values()]
    .map((g) => ({ ...g, findings: [...g.findings].sort(byPosition) }))
    .sort(
      (a, b) =>
        SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
        b.findings.length - a.findings.length ||
        a.ruleId.localeCompare(b.ruleId),
    );
}
