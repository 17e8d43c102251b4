import type { Finding, ValidationSummary } from "@parley/validator";
import type { FindingLine } from "../logic/frames";

/** Messages between the validate view and its Web Worker (structured-clone-safe data only). */
export type ToWorker =
  | { type: "validate"; blob: Blob; name: string }
  | { type: "record"; requestId: number; finding: Finding }
  | { type: "report"; requestId: number; format: "json" | "sarif" };

export type FromWorker =
  | { type: "progress"; readBytes: number; totalBytes: number; records: number }
  | {
      type: "done";
      findings: Finding[];
      lines: (FindingLine | null)[];
      summary: ValidationSummary;
      /** From the file to the summary: the validator's own pass (what Node's validateFile does). */
      validationMs: number;
      /** Everything until this message: the pass, then the findings' code-frame lines. */
      elapsedMs: number;
    }
  | { type: "failed"; message: string }
  | { type: "record"; requestId: number; text: string; note?: string }
  | { type: "report"; requestId: number; text: string; mediaType: string };

/** Findings listed in the browser; the summary still counts every finding. */
export const MAX_LISTED_FINDINGS = 5000;
