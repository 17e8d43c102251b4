/**
 * The mapping format as TypeScript types. The JSON Schema in `schemas/mapping-1.0.schema.json`
 * is the normative description (editors check against it; the loader validates with it); these
 * types describe what the loader hands the engine once a mapping has passed it.
 */

export type InputFormat = "csv" | "tsv" | "xlsx" | "json" | "ndjson" | "xml";

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
  | { codes: Record<string, unknown>; otherwise?: "keep" | "absent" | "warn" }
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
  pipe?: Step[];
  required?: boolean;
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
  record: { id: Value; [key: string]: Value };
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
  unmapped?: { into?: string; prefix?: string; ignore?: string[] };
  warnings?: { code: string; when: Predicate; message: string }[];
}
