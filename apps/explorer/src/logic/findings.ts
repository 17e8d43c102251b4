/**
 * Findings as the validate view shows them: grouped by rule (errors first, then by how often
 * the rule fired), each finding in file order.
 */
export interface FindingLike {
  ruleId: string;
  severity: string;
  message: string;
  line?: number;
  column?: number;
  pointer?: string;
  recordIndex?: number;
}

export interface FindingGroup<F extends FindingLike> {
  ruleId: string;
  severity: string;
  findings: F[];
}

const SEVERITY_ORDER: Record<string, number> = { error: 0, warning: 1, info: 2 };

export function groupFindings<F extends FindingLike>(findings: readonly F[]): FindingGroup<F>[] {
  const groups = new Map<string, FindingGroup<F>>();
  for (const finding of findings) {
    let group = groups.get(finding.ruleId);
    if (!group) {
      group = { ruleId: finding.ruleId, severity: finding.severity, findings: [] };
      groups.set(finding.ruleId, group);
    }
    // A rule configured at several severities shows its most severe one.
    if ((SEVERITY_ORDER[finding.severity] ?? 3) < (SEVERITY_ORDER[group.severity] ?? 3)) {
      group.severity = finding.severity;
    }
    group.findings.push(finding);
  }
  const byPosition = (a: F, b: F) =>
    (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
  return [...groups.values()]
    .map((g) => ({ ...g, findings: [...g.findings].sort(byPosition) }))
    .sort(
      (a, b) =>
        (SEVERITY_ORDER[a.severity] ?? 3) - (SEVERITY_ORDER[b.severity] ?? 3) ||
        b.findings.length - a.findings.length ||
        a.ruleId.localeCompare(b.ruleId),
    );
}
