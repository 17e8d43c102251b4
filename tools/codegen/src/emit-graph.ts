import type { CodelistEdge, ReferenceEdge } from "./graph";

function edgeLiteral(edge: object): string {
  return `  ${JSON.stringify(edge).replace(/,"/g, ', "').replace(/":/g, '": ')},`;
}

/** `{ type: LIST.filter(...) }` per record type, pure so that bundlers can drop it when unused. */
function byRecordType(
  constName: string,
  listName: string,
  fieldType: string,
  recordTypes: string[],
): string[] {
  return [
    `export const ${constName}: { readonly [T in RecordType]: readonly ${fieldType}[] } = {`,
    ...recordTypes.map(
      (type) =>
        `  ${JSON.stringify(type)}: /* @__PURE__ */ ${listName}.filter((field) => field.recordType === ${JSON.stringify(type)}),`,
    ),
    "};",
  ];
}

export function emitReferences(
  references: ReferenceEdge[],
  recordTypes: string[],
  header: string,
): string {
  return [
    header,
    'import type { RecordType } from "./types.gen";',
    "",
    "/**",
    " * A field of a record that holds the id of another record. `path` walks from the record's",
    ' * root: a property name per step, "*" for every item of an array. Union variants share one',
    " * path, so a walker only looks for the property, whichever variant the value is.",
    " */",
    "export interface ReferenceField {",
    "  readonly recordType: RecordType;",
    "  readonly path: readonly string[];",
    "  readonly target: RecordType;",
    '  /** The named schema in which the field is declared ("Citation" for every citation\'s source). */',
    "  readonly declaredIn: string;",
    "}",
    "",
    "/** Every reference field of every record type, from the schema's `x-parley-ref` metadata. */",
    "export const REFERENCE_GRAPH: readonly ReferenceField[] = [",
    ...references.map(edgeLiteral),
    "];",
    "",
    "/** The reference fields of each record type, for walking one record at a time. */",
    ...byRecordType("REFERENCES_BY_RECORD_TYPE", "REFERENCE_GRAPH", "ReferenceField", recordTypes),
    "",
  ].join("\n");
}

export function emitCodelists(
  codelists: CodelistEdge[],
  recordTypes: string[],
  header: string,
): string {
  return [
    header,
    'import type { RecordType } from "./types.gen";',
    "",
    "/**",
    ' * A field whose values come from a code list: "country" (ISO 3166-1 alpha-3 and ISO 3166-3',
    ' * codes), "closed" (only `values`) or "open" (`values` recommended, others allowed by',
    " * producers that extend the vocabulary). `path` is walked as in the reference graph.",
    " */",
    "export interface CodelistField {",
    "  readonly recordType: RecordType;",
    "  readonly path: readonly string[];",
    "  readonly codelist: string;",
    "  readonly values?: readonly string[];",
    "  readonly declaredIn: string;",
    "}",
    "",
    "/** Every code-list field of every record type, from the schema's `x-parley-codelist` metadata. */",
    "export const CODELIST_FIELDS: readonly CodelistField[] = [",
    ...codelists.map(edgeLiteral),
    "];",
    "",
    "/** The code-list fields of each record type. */",
    ...byRecordType("CODELISTS_BY_RECORD_TYPE", "CODELIST_FIELDS", "CodelistField", recordTypes),
    "",
  ].join("\n");
}
