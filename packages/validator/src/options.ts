import type { Finding, Severity, ValidationSummary } from "./finding";

/** Per-rule configuration: `"off"`, a severity, or an object with a severity. */
export type RuleSetting = "off" | Severity | { severity: Severity | "off" };

/** `{ "<rule id>": setting }`, as read from a config file's `rules` section. */
export type RulesConfig = Record<string, RuleSetting>;

/** Limits of the checks before the schema. Each has a sane default (`DEFAULT_LIMITS`). */
export interface Limits {
  /** Deepest nesting of arrays/objects inside one record (the record itself is depth 1). */
  maxDepth: number;
  /** Largest record (NDJSON line, or element of `records`), in bytes. */
  maxRecordBytes: number;
  /** Largest JSON document outside `records` (metadata), in bytes. */
  maxMetadataBytes: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = {
  maxDepth: 64,
  maxRecordBytes: 16 * 1024 * 1024,
  maxMetadataBytes: 1024 * 1024,
};

export type InputFormat = "json" | "ndjson";

export interface ValidateOptions {
  /** Name of the input used in findings (a path, a URL). Default `"<stdin>"`. */
  file?: string;
  /** `"auto"` (default) detects: a document whose first value is an object with `records` is JSON, otherwise NDJSON. */
  format?: InputFormat | "auto";
  /** `"auto"` (default) detects gzip by its magic bytes. */
  compression?: "gzip" | "none" | "auto";
  /** Per-rule severity overrides and `"off"`. Unknown rule ids are a configuration error (`validateRulesConfig`). */
  rules?: RulesConfig;
  /** Emit at most this many findings in total (the summary still counts all). */
  maxFindings?: number;
  /** Emit at most this many findings per rule (the summary still counts all). */
  maxFindingsPerRule?: number;
  /** Overrides of `DEFAULT_LIMITS`. */
  limits?: Partial<Limits>;
  /**
   * The version to validate against when the input does not declare one (an NDJSON file
   * without header and without per-record `schemaVersion`). Without it, a missing version is an
   * error (`schema-version-missing`) and the latest supported version is used.
   */
  defaultSchemaVersion?: string;
  /** Called now and then (every chunk) with progress; for progress bars. */
  onProgress?: (progress: { bytes: number; records: number }) => void;
  /** Stops reading; the summary then has `aborted: true`. */
  signal?: AbortSignal;
  /**
   * Check NDJSON records first with the byte-level fast path: a scanner generated from the
   * version's JSON Schema that reads each line's bytes without decoding or parsing them, and
   * falls back to the exact path for any record it does not accept. Findings are the same
   * either way (tested on the conformance corpus, the seed, fuzzed and broken records).
   * Default `true`; `false` takes the exact path for every record (`parley validate
   * --no-fast-path`), e.g. to compare the two. See the README's "Byte-level fast path".
   */
  fastPath?: boolean;
}

/** Everything a run produced, for callers that do not stream. */
export interface ValidationResult {
  findings: Finding[];
  summary: ValidationSummary;
}

/**
 * A streaming run: iterate it for findings (in input order, cross-record findings such as
 * unresolved references at the end); `summary` resolves once iteration has finished.
 */
export interface ValidationRun extends AsyncIterable<Finding> {
  readonly summary: Promise<ValidationSummary>;
}

/**
 * A dataset already parsed from JSON: the document form (`{ schemaVersion, records: [...] }`)
 * or a bare array of records. It is checked as the JSON text it stands for.
 */
export type ParsedDataset = { readonly [key: string]: unknown } | readonly object[];

/** Input accepted by `validate`: whole bytes, text, a stream of byte chunks, or a parsed dataset. */
export type ValidationInput =
  | Uint8Array
  | string
  | AsyncIterable<Uint8Array>
  | Iterable<Uint8Array>
  | ReadableStream<Uint8Array>
  | ParsedDataset;
