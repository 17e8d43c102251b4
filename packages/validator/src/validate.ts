import { runValidation } from "./engine";
import type { Finding } from "./finding";
import type { ValidateOptions, ValidationInput, ValidationResult, ValidationRun } from "./options";

export { SUPPORTED_SCHEMA_VERSIONS } from "./versions";

/**
 * Validates one input (a JSON document or NDJSON, optionally gzip) and streams its findings in
 * input order; cross-record findings (unresolved references…) come after the last record.
 * Memory stays bounded: records are read one at a time from the chunks, only ids and pending
 * references are kept.
 */
export function validateStream(
  input: ValidationInput,
  options: ValidateOptions = {},
): ValidationRun {
  return runValidation(input, options);
}

/** Validates one input and collects every emitted finding (subject to the caps) and the summary. */
export async function validate(
  input: ValidationInput,
  options: ValidateOptions = {},
): Promise<ValidationResult> {
  const run = runValidation(input, options);
  const findings: Finding[] = [];
  for await (const finding of run) findings.push(finding);
  return { findings, summary: await run.summary };
}
