/**
 * What `parley validate` was asked to do, once its flags and config file are read. Its own
 * module: the command (commands/validate.ts) builds it and the runner (run-inputs.ts) reads it,
 * and neither needs to import the other for it.
 */
import type { ReportFormat, ValidateOptions } from "@parley/validator";
import type { InputSpec } from "./inputs";

export interface OutputTarget {
  format: ReportFormat;
  path: string;
}

export interface ValidateSettings {
  inputs: InputSpec[];
  stdoutFormat: ReportFormat;
  outputs: OutputTarget[];
  options: Omit<ValidateOptions, "file" | "onProgress" | "signal">;
  maxWarnings?: number;
  jobs: number;
  /** Bytes each worker must get at least before one NDJSON file is split (--split-threshold). */
  splitThreshold?: number;
  progress: boolean;
  /**
   * Peak memory (MB) the run aims to stay under (--memory-budget): a file whose in-memory
   * validation would need more goes through the stages with the sort on disk
   * (bounded-validation.ts). Infinity: always in memory.
   */
  memoryBudgetMb: number;
}

/** What the validator is given: no caps, since the CLI caps the sorted findings itself. */
export type EngineOptions = Omit<ValidateSettings["options"], "maxFindings" | "maxFindingsPerRule">;

/**
 * The settings' validator options without the caps: the validator returns every finding and
 * the CLI sorts and caps them, so that a file split across workers or stages keeps exactly the
 * findings one thread keeps (run-inputs.ts).
 */
export function engineOptions(settings: Pick<ValidateSettings, "options">): EngineOptions {
  const { maxFindings: _total, maxFindingsPerRule: _perRule, ...options } = settings.options;
  return options;
}
