import { Citation, Dataset, RECORD_SCHEMAS, RECORD_TYPES, type RecordType } from "@parley/schema";

/**
 * The CSV table form is derived from the @parley/schema zod model, never listed by hand: a
 * field added to the standard gets its column (or link table) without a change here.
 *
 * - One table per record type (`events.csv` …): one row per record, one column per scalar
 *   field; nested objects are flattened into dotted columns (`location.country`).
 * - One link table per array of objects or of free strings (`event_participants.csv`,
 *   `person_positions.csv`, `event_tags.csv` …): one row per item, keyed by the owning record's
 *   id, the positions of enclosing items, and the item's own 1-based `position`.
 * - Every `citations` array, wherever it is, goes to `citations.csv`, keyed by record and by the
 *   path of the object that owns it (`participants.2`).
 * - Arrays of code-list values (`topics`, `date.inferred`) are one cell, values joined by `|`.
 * - Free-form JSON (`extensions`) is one cell holding JSON.
 * - `_empty` lists containers that are present but empty (`participants[]`, `location{}`), so
 *   that `[]` and `{}` survive the round trip.
 */

export type ScalarKind = "string" | "number" | "boolean";

export type Node =
  | { node: "object"; fields: Map<string, Node>; descriptions?: Map<string, string> }
  | { node: "array"; item: Node }
  | { node: "citations" }
  | { node: "enum-list" }
  | { node: "scalar"; kind: ScalarKind }
  | { node: "json" }
  | { node: "discriminator" };

export type ColumnKind = ScalarKind | "enum-list" | "json";

export interface Column {
  /** Column header: the dotted path inside the row's object ('represents.country'). */
  name: string;
  path: readonly string[];
  kind: ColumnKind;
  /** What the column holds, from the schema's field description (SQL exports write it as a comment). */
  description?: string;
}

export interface LinkTable {
  /** File name without `.csv`: `event_participants`, `event_outcomes_attributedTo`. */
  name: string;
  recordType: RecordType;
  /** Field names from the record down to this array: ['outcomes', 'attributedTo']. Each but the last is itself an array. */
  arrayPath: readonly string[];
  /** The item node (an object, or a scalar kept in a `value` column). */
  item: Node;
  /** The list field's description in the schema. */
  description?: string;
  /** Key columns: `<type>_id`, one `<array>_position` per enclosing array, `position`. */
  keyColumns: readonly string[];
  columns: readonly Column[];
}

export interface RecordTable {
  name: string;
  recordType: RecordType;
  root: Extract<Node, { node: "object" }>;
  columns: readonly Column[];
}

export interface TablesLayout {
  dataset: { name: "dataset"; root: Extract<Node, { node: "object" }>; columns: readonly Column[] };
  records: readonly RecordTable[];
  links: readonly LinkTable[];
  citations: { name: "citations"; keyColumns: readonly string[]; columns: readonly Column[] };
}

export const EMPTY_COLUMN = "_empty";

// biome-ignore lint/suspicious/noExplicitAny: walking zod's internal definitions
type ZodLike = { _zod: { def: any } };

function defOf(schema: ZodLike) {
  return schema._zod.def;
}

/** Turns a zod schema into the normalised tree the tables are made from. */
export function schemaNode(schema: ZodLike): Node {
  const def = defOf(schema);
  switch (def.type) {
    case "optional":
    case "nullable":
    case "default":
    case "readonly":
    case "nonoptional":
      return schemaNode(def.innerType);
    case "pipe":
      return schemaNode(def.in);
    case "object": {
      const fields = new Map<string, Node>();
      const descriptions = new Map<string, string>();
      for (const [key, value] of Object.entries(def.shape as Record<string, ZodLike>)) {
        fields.set(key, schemaNode(value));
        const description = describe(value);
        if (description) descriptions.set(key, description);
      }
      return { node: "object", fields, descriptions };
    }
    case "union": {
      const options = (def.options as ZodLike[]).map(schemaNode);
      return options.reduce(mergeNodes);
    }
    case "array": {
      const element = def.element as ZodLike;
      if (element === (Citation as unknown as ZodLike)) return { node: "citations" };
      const item = schemaNode(element);
      if (item.node === "scalar" && isEnum(element)) return { node: "enum-list" };
      return { node: "array", item };
    }
    case "enum":
    case "string":
      return { node: "scalar", kind: "string" };
    case "literal":
      return { node: "discriminator" };
    case "number":
    case "int":
      return { node: "scalar", kind: "number" };
    case "boolean":
      return { node: "scalar", kind: "boolean" };
    default:
      return { node: "json" };
  }
}

/** A field's description from its zod `.meta()`, looking through optional and other wrappers. */
function describe(schema: ZodLike): string | undefined {
  const own = (schema as { description?: string }).description;
  if (own) return own;
  const def = defOf(schema);
  if (def.innerType) return describe(def.innerType);
  if (def.type === "pipe") return describe(def.in);
  if (def.type === "array") return describe(def.element);
  return undefined;
}

function isEnum(schema: ZodLike): boolean {
  const def = defOf(schema);
  if (def.type === "optional" || def.type === "nullable") return isEnum(def.innerType);
  return def.type === "enum";
}

/** Union variants share one row: their fields are merged; a field typed differently becomes JSON. */
function mergeNodes(a: Node, b: Node): Node {
  if (a.node === "object" && b.node === "object") {
    const fields = new Map(a.fields);
    for (const [key, node] of b.fields) {
      const existing = fields.get(key);
      fields.set(key, existing ? mergeNodes(existing, node) : node);
    }
    const descriptions = new Map([...(b.descriptions ?? []), ...(a.descriptions ?? [])]);
    return { node: "object", fields, descriptions };
  }
  if (a.node === "scalar" && b.node === "scalar" && a.kind === b.kind) return a;
  if (a.node === b.node && a.node !== "array" && a.node !== "scalar") return a;
  if (a.node === "array" && b.node === "array")
    return { node: "array", item: mergeNodes(a.item, b.item) };
  return { node: "json" };
}

/** The row columns of an object node: scalars, code-list lists and JSON, with nested objects flattened. */
export function columnsOf(
  node: Node,
  prefix: readonly string[] = [],
  itemDescription?: string,
): Column[] {
  const described = (column: Column, description: string | undefined): Column =>
    description ? { ...column, description } : column;
  if (node.node !== "object") {
    if (node.node === "scalar")
      return [described({ name: "value", path: [], kind: node.kind }, itemDescription)];
    if (node.node === "json")
      return [described({ name: "value", path: [], kind: "json" }, itemDescription)];
    return [];
  }
  const columns: Column[] = [];
  for (const [key, child] of node.fields) {
    const path = [...prefix, key];
    const name = path.join(".");
    const description = node.descriptions?.get(key);
    switch (child.node) {
      case "scalar":
        columns.push(described({ name, path, kind: child.kind }, description));
        break;
      case "enum-list":
        columns.push(described({ name, path, kind: "enum-list" }, description));
        break;
      case "json":
        columns.push(described({ name, path, kind: "json" }, description));
        break;
      case "object":
        columns.push(...columnsOf(child, path));
        break;
      default:
        break; // arrays and citations live in link tables; the discriminator is the table
    }
  }
  return columns;
}

function linkTablesOf(
  recordType: RecordType,
  node: Node,
  arrayPath: string[],
  inObject: string[],
): LinkTable[] {
  if (node.node !== "object") return [];
  const tables: LinkTable[] = [];
  for (const [key, child] of node.fields) {
    if (child.node === "object")
      tables.push(...linkTablesOf(recordType, child, arrayPath, [...inObject, key]));
    if (child.node !== "array") continue;
    const path = [...arrayPath, [...inObject, key].join(".")];
    const enclosing = path.slice(0, -1).map((segment) => `${segment.replace(/\./g, "_")}_position`);
    const description = node.descriptions?.get(key);
    tables.push({
      name: `${recordType}_${path.map((segment) => segment.replace(/\./g, "_")).join("_")}`,
      recordType,
      arrayPath: path,
      item: child.item,
      ...(description ? { description } : {}),
      keyColumns: [`${recordType}_id`, ...enclosing, "position"],
      columns: columnsOf(child.item, [], description),
    });
    tables.push(...linkTablesOf(recordType, child.item, path, []));
  }
  return tables;
}

const TABLE_NAMES: Record<RecordType, string> = {
  event: "events",
  person: "persons",
  organization: "organizations",
  format: "formats",
  quote: "quotes",
  source: "sources",
  post: "posts",
};

let cached: TablesLayout | undefined;

/** The table layout of the current standard. */
export function tablesLayout(): TablesLayout {
  if (cached) return cached;
  const datasetNode = schemaNode(Dataset as unknown as ZodLike);
  if (datasetNode.node !== "object") throw new Error("Dataset schema is not an object");
  const datasetFields = new Map(datasetNode.fields);
  datasetFields.delete("records");
  const datasetRoot = { node: "object" as const, fields: datasetFields };
  const records: RecordTable[] = [];
  const links: LinkTable[] = [];
  for (const type of RECORD_TYPES) {
    const root = schemaNode(RECORD_SCHEMAS[type] as unknown as ZodLike);
    if (root.node !== "object") throw new Error(`${type} schema is not an object`);
    const columns = columnsOf(root);
    const id = columns.find((column) => column.name === "id");
    const rest = columns.filter((column) => column.name !== "id");
    records.push({
      name: TABLE_NAMES[type],
      recordType: type,
      root,
      columns: [...(id ? [id] : []), ...rest, { name: EMPTY_COLUMN, path: [], kind: "string" }],
    });
    links.push(...linkTablesOf(type, root, [], []));
  }
  const citationNode = schemaNode(Citation as unknown as ZodLike);
  cached = {
    dataset: { name: "dataset", root: datasetRoot, columns: columnsOf(datasetRoot) },
    records,
    links,
    citations: {
      name: "citations",
      keyColumns: ["record_type", "record_id", "path", "position"],
      columns: columnsOf(citationNode),
    },
  };
  return cached;
}

/** Every file of the table form, in the order they are written. */
export function tableFileNames(): string[] {
  const layout = tablesLayout();
  return [
    `${layout.dataset.name}.csv`,
    ...layout.records.map((table) => `${table.name}.csv`),
    ...layout.links.map((table) => `${table.name}.csv`),
    `${layout.citations.name}.csv`,
  ];
}
