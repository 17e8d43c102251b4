/**
 * The mapping format as TypeScript types. The JSON Schema in `schemas/mapping-1.0.schema.json`
 * is the normative description (editors check against it; the loader validates with it); these
 * types describe what the loader hands the engine once a mapping has passed it.
 */

export type InputFormat = "csv" | "tsv" | "xlsx" | "json" | "ndjson" | "xml" | "text";

export interface InputSpec {
  format: InputFormat;
  extensions?: string[];
  encoding?: string;
  delimiter?: string;
  quote?: string | false;
  header?: boolean | "auto";
  columns?: string[];
  sheet?: string | number;
  headerRow?: number;
  pointer?: string;
  iterate?: string;
  namespaces?: Record<string, string>;
  requires?: string[];
  /** The first record must have at least one of these fields (else the file is another source's). */
  requiresOneOf?: string[];
  /** Contiguous records with the same value of this field become one record (their rows: `_rows`). */
  groupBy?: string;
  /** text: a regular expression the file name must match; its named groups become fields. */
  fileName?: string;
}

export type Step =
  | "trim"
  | "collapse-whitespace"
  | "lower"
  | "upper"
  | "sentence-case"
  | "title-case"
  | "slug"
  | "first-sentence"
  | "number"
  | "string"
  | "split-persons"
  | "title-name"
  | "compact"
  | { split: string; regex?: boolean }
  | { match: string; group?: number; flags?: string }
  | { replace: string; with: string; flags?: string }
  | "flatten"
  | "sort"
  | "unique"
  | "first"
  | {
      codes: Record<string, unknown>;
      otherwise?: "keep" | "absent" | "warn";
      warning?: string;
      what?: string;
    }
  | { "split-persons": { titles?: string[] } }
  | { fn: string; args?: Value[] };

export interface Expression {
  $field?: string;
  $var?: string;
  $template?: string;
  $const?: unknown;
  $first?: Value[];
  $date?: Value;
  formats?: string[];
  inferred?: ("year" | "month" | "day")[];
  basis?: string;
  $country?: Value;
  fallback?: Value;
  what?: string;
  $each?: Value;
  as?: string;
  map?: Value;
  $if?: Predicate;
  then?: Value;
  else?: Value;
  $fn?: string;
  args?: Value[];
  $merge?: Value[];
  $prefixKeys?: Value;
  prefix?: string;
  omit?: string[];
  pick?: string[];
  omitEmpty?: boolean;
  $lookup?: string;
  key?: Value;
  fallbackWarning?: string;
  mismatchWarning?: string;
  pipe?: Step[];
  /** Absent: the source record is skipped (with this text as the reason, when a string). */
  required?: boolean | string;
  /** The value as given: empty text and empty lists are not made absent. */
  raw?: boolean;
}

export type Value =
  | string
  | number
  | boolean
  | null
  | Value[]
  | Expression
  | { [key: string]: Value };

export interface Predicate {
  value?: Value;
  equals?: unknown;
  in?: unknown[];
  matches?: string;
  flags?: string;
  exists?: boolean;
  lessThan?: Value;
  greaterThan?: Value;
  not?: Predicate;
  all?: Predicate[];
  any?: Predicate[];
  reason?: string;
}

export interface RecordTemplate {
  name?: string;
  type: "event" | "person" | "organization" | "source" | "format" | "quote" | "membership";
  when?: Predicate;
  forEach?: Value;
  as?: string;
  primary?: boolean;
  /** Also built for a source record that `where` filters out (a dataset source a header describes). */
  always?: boolean;
  record: { id: Value; [key: string]: Value };
}

/** A warning, note or count raised for a source record that matches `when`. */
export interface Report {
  when: Predicate;
  code?: string;
  message?: string;
  note?: string;
  unresolved?: string;
  /** How much to count (a number or a list's length); default 1. */
  count?: Value;
  /** Also for a source record that `where` filters out. */
  always?: boolean;
  /** One report per item of this list (bound to `as`). */
  forEach?: Value;
  as?: string;
}

/** A table read whole before the source, joined to its records with `$lookup`. */
export interface Lookup {
  input: InputSpec;
  /** The field of the table's records that `$lookup`'s key is matched against. */
  key: string;
  description?: string;
  /** A warning when rows of the table match no imported record. */
  unmatched?: { code: string; message: string };
  /** Rows that join no record are imported on their own with these templates (after `where`). */
  orphans?: RecordTemplate[];
}

export interface Mapping {
  $schema?: string;
  mappingVersion: "1.0";
  name: string;
  description?: string;
  dataset?: { title: string; description?: string; publisher?: string; license?: string };
  input: InputSpec;
  let?: Record<string, Value>;
  where?: Predicate[];
  records: RecordTemplate[];
  lookups?: Record<string, Lookup>;
  unmapped?: { into?: string; prefix?: string; ignore?: string[]; emptyNote?: string };
  warnings?: Report[];
}
