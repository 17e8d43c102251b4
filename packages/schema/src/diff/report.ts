import { jsonSchemasFor, resolveSchemaVersion } from "../versions";
import { diffSchemaDocuments, type SchemaChange } from "./classify";

/** What a change of the standard asks of its version number. */
export type RequiredBump = "major" | "minor" | "none";

export type SchemaDiffReport = {
  from: string;
  to: string;
  /** True when every dataset valid against `from` stays valid, with the same meaning, in `to`. */
  compatible: boolean;
  requiredBump: RequiredBump;
  counts: { breaking: number; compatible: number };
  changes: SchemaChange[];
};

/**
 * A breaking change needs a new major version. Any other change needs a new minor version:
 * released JSON Schemas are frozen byte for byte, so even a corrected description ships as a
 * new version rather than an edit of a released one.
 */
export function requiredBump(changes: readonly SchemaChange[]): RequiredBump {
  if (changes.some((change) => change.severity === "breaking")) return "major";
  return changes.length > 0 ? "minor" : "none";
}

export function buildDiffReport(
  from: string,
  to: string,
  changes: SchemaChange[],
): SchemaDiffReport {
  const breaking = changes.filter((change) => change.severity === "breaking");
  const compatible = changes.filter((change) => change.severity === "compatible");
  return {
    from,
    to,
    compatible: breaking.length === 0,
    requiredBump: requiredBump(changes),
    counts: { breaking: breaking.length, compatible: compatible.length },
    // Breaking changes first: they are what a reader must act on.
    changes: [...breaking, ...compatible],
  };
}

/** Compares two versions this package ships ('1.0', '1.1', 'latest'). */
export function diffSchemaVersions(from: string, to: string): SchemaDiffReport {
  const oldVersion = resolveSchemaVersion(from);
  const newVersion = resolveSchemaVersion(to);
  return buildDiffReport(
    oldVersion,
    newVersion,
    diffSchemaDocuments(jsonSchemasFor(oldVersion), jsonSchemasFor(newVersion)),
  );
}

function plural(count: number, word: string): string {
  return `${count === 0 ? "no" : count} ${word}${count === 1 ? "" : "s"}`;
}

/** The report for people: a verdict line, then breaking and compatible changes. */
export function formatDiffReport(report: SchemaDiffReport): string {
  const verdict =
    report.requiredBump === "major"
      ? "BREAKING: needs a new major version"
      : report.requiredBump === "minor"
        ? "compatible: a new minor version is enough"
        : "no changes";
  const lines = [
    `Parley schema diff ${report.from} → ${report.to}: ${plural(report.counts.breaking, "breaking change")}, ${plural(report.counts.compatible, "compatible change")} (${verdict})`,
  ];
  for (const severity of ["breaking", "compatible"] as const) {
    const changes = report.changes.filter((change) => change.severity === severity);
    if (changes.length === 0) continue;
    lines.push(
      "",
      severity === "breaking" ? `Breaking (${changes.length}):` : `Compatible (${changes.length}):`,
    );
    const width = Math.max(...changes.map((change) => change.kind.length));
    for (const change of changes) {
      lines.push(
        `  ${severity === "breaking" ? "✗" : "✓"} ${change.kind.padEnd(width)}  ${change.message}`,
      );
    }
  }
  return lines.join("\n");
}
