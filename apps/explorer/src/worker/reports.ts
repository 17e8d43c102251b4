import { type Finding, formatJson, formatSarif, type ValidationSummary } from "@parley/validator";

/** The downloadable reports, made by the validator's own reporters: the same bytes the CLI writes. */
export function reportText(
  format: "json" | "sarif",
  findings: Finding[],
  summary: ValidationSummary,
): { text: string; mediaType: string } {
  const report = { findings, summaries: [summary] };
  return format === "sarif"
    ? { text: formatSarif(report), mediaType: "application/sarif+json" }
    : { text: formatJson(report), mediaType: "application/json" };
}
