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
