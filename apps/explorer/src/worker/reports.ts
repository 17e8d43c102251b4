import type { Finding, ValidationSummary } from "@parley/validator";

/** The downloadable reports, made by the validator's own reporters (the same bytes the CLI writes). */
export function reportText(
  format: "json" | "sarif",
  findings: Finding[],
  summary: ValidationSummary,
): { text: string; mediaType: string } {
  void findings;
  void summary;
  throw new Error(`The ${format} reporter is not available yet`);
}
