import { type ColumnKind, REFERENCE_GRAPH, type RecordType, tablesLayout } from "@parley/sdk";

/**
 * The relational form of a dataset for SQL engines (SQLite, DuckDB) and Parquet: the CSV
 * table layout of @parley/sdk (docs/csv-tables.md), same tables and column names, plus what a
 * database adds: column types, primary keys, foreign keys and indexes on every reference
 * column, column descriptions from the schema, and views for the first questions people ask.
 * Derived from the SDK's layout, so a field added to the standard gets its column here too.
 */

export type SqlType = "text" | "number" | "integer" | "boolean";

export interface SqlColumn {
  name: string;
  type: SqlType;
  /** The SDK column kind, for reading values back ('enum-list' and 'json' are text here). */
  kind: ColumnKind | "key";
  description: string;
  notNull: boolean;
  /** A reference to another record: the table whose `id` it holds. */
  references?: string;
  /** The value that stands for "absent" in a key column that cannot be NULL. */
  absentAs?: string;
}

export interface SqlTable {
  name: string;
  description: string;
  columns: SqlColumn[];
  primaryKey: string[];
  /** The record table this table's rows belong to (link tables), by its first key column. */
  owner?: { column: string; table: string };
}

const RECORD_TABLE: Record<RecordType, string> = Object.fromEntries(
  tablesLayout().records.map((table) => [table.recordType, table.name]),
) as Record<RecordType, string>;

const RECORD_DESCRIPTIONS: Record<string, string> = {
  events: "Events: meetings, summits, visits, calls, statements… one row per event record.",
  persons: "Persons, one row per person record (names in person_names).",
  organizations: "Organizations, one row per organization record (names in organization_names).",
  formats: "Diplomatic formats (C5+Russia, G20 …), one row per format record.",
  quotes: "Quotes, one row per quote record.",
  sources: "Sources (articles, transcripts, press releases …), one row per source record.",
};

const EMPTY_DESCRIPTION =
  "Lists and objects that are present but empty in the record ('participants[]', 'location{}'), joined by |; needed only to read the dataset back exactly.";

/**
 * Where each reference field of the standard lands: 'table\u0000column' → target table. A
 * path ['participants', '*', 'represents', 'organization'] is the column
 * 'represents.organization' of event_participants; every citation's source is citations.source.
 */
function referenceColumns(): Map<string, string> {
  const layout = tablesLayout();
  const found = new Map<string, string>();
  for (const field of REFERENCE_GRAPH) {
    const target = RECORD_TABLE[field.target];
    if (field.declaredIn === "Citation") {
      found.set(`${layout.citations.name}\u0000source`, target);
      continue;
    }
    const groups: string[][] = [[]];
    for (const segment of field.path) {
      if (segment === "*") groups.push([]);
      else groups[groups.length - 1]?.push(segment);
    }
    const column = (groups.pop() as string[]).join(".") || "value";
    const arrayPath = groups.map((group) => group.join("."));
    const table =
      arrayPath.length === 0
        ? RECORD_TABLE[field.recordType]
        : layout.links.find(
            (link) =>
              link.recordType === field.recordType &&
              link.arrayPath.length === arrayPath.length &&
              link.arrayPath.every((segment, index) => segment === arrayPath[index]),
          )?.name;
    if (table) found.set(`${table}\u0000${column}`, target);
  }
  return found;
}

function typeOf(kind: ColumnKind): SqlType {
  if (kind === "number") return "number";
  if (kind === "boolean") return "boolean";
  return "text";
}

function kindNote(kind: ColumnKind): string {
  if (kind === "enum-list") return " (values joined by |)";
  if (kind === "json") return " (JSON text)";
  return "";
}

let cached: SqlTable[] | undefined;

/** Every table of the relational form, parents before the tables that refer to them. */
export function sqlTables(): SqlTable[] {
  if (cached) return cached;
  const layout = tablesLayout();
  const references = referenceColumns();
  const valueColumn = (
    table: string,
    column: { name: string; kind: ColumnKind; description?: string },
  ): SqlColumn => {
    const target = references.get(`${table}\u0000${column.name}`);
    return {
      name: column.name,
      type: typeOf(column.kind),
      kind: column.kind,
      description:
        column.name === "_empty"
          ? EMPTY_DESCRIPTION
          : `${column.description ?? ""}${kindNote(column.kind)}`,
      notNull: column.name === "id",
      ...(target ? { references: target } : {}),
    };
  };
  const tables: SqlTable[] = [
    {
      name: layout.dataset.name,
      description: "The dataset's metadata (title, licence, schema version …): one row.",
      columns: layout.dataset.columns.map((column) => valueColumn(layout.dataset.name, column)),
      primaryKey: [],
    },
  ];
  for (const table of layout.records) {
    tables.push({
      name: table.name,
      description: RECORD_DESCRIPTIONS[table.name] ?? `${table.recordType} records`,
      columns: table.columns.map((column) => valueColumn(table.name, column)),
      primaryKey: ["id"],
    });
  }
  for (const table of layout.links) {
    const ownerTable = RECORD_TABLE[table.recordType];
    const [ownerColumn, ...positions] = table.keyColumns as [string, ...string[]];
    tables.push({
      name: table.name,
      description: `${table.description ?? table.arrayPath.join(" / ")} One row per list item of a ${table.recordType}, in list order.`,
      columns: [
        {
          name: ownerColumn,
          type: "text",
          kind: "key",
          description: `The ${table.recordType} the item belongs to.`,
          notNull: true,
          references: ownerTable,
        },
        ...positions.map(
          (name): SqlColumn => ({
            name,
            type: "integer",
            kind: "key",
            description:
              name === "position"
                ? "The item's place in its list, from 1."
                : `The place (from 1) of the enclosing ${name.replace(/_position$/, "")} item.`,
            notNull: true,
          }),
        ),
        ...table.columns.map((column) => valueColumn(table.name, column)),
      ],
      primaryKey: [...table.keyColumns],
      owner: { column: ownerColumn, table: ownerTable },
    });
  }
  const citations = layout.citations;
  tables.push({
    name: citations.name,
    description:
      "Every citation of every record and of its parts: which source supports it, and where.",
    columns: [
      {
        name: "record_type",
        type: "text",
        kind: "key",
        description: "The citing record's type.",
        notNull: true,
      },
      {
        name: "record_id",
        type: "text",
        kind: "key",
        description: "The citing record's id.",
        notNull: true,
      },
      {
        name: "path",
        type: "text",
        kind: "key",
        description:
          "Where in the record the citation sits ('participants.2' = its second participant); '' for the record's own citations.",
        notNull: true,
        absentAs: "",
      },
      ...["position"].map(
        (name): SqlColumn => ({
          name,
          type: "integer",
          kind: "key",
          description: "The citation's place in its list, from 1.",
          notNull: true,
        }),
      ),
      ...citations.columns.map((column) => valueColumn(citations.name, column)),
    ],
    primaryKey: [...citations.keyColumns],
  });
  cached = tables;
  return cached;
}

/** The tables in the order they can be created in, with the references that cannot be declared. */
export interface CreationOrder {
  tables: SqlTable[];
  /** "table\u0000column" of each reference that closes a cycle of tables. */
  cyclic: ReadonlySet<string>;
}

/**
 * The tables in an order where every table comes after the tables its columns refer to:
 * DuckDB checks a REFERENCES clause when the table is created, so the referenced table must
 * exist first, and it has no ALTER TABLE … ADD FOREIGN KEY for the rest. Tables can refer to
 * each other in a cycle (persons and organizations both name their coder, who is a person or
 * an organization); the reference that closes a cycle is returned in `cyclic`, to be written
 * without a foreign key. A table's references to itself are left to the caller. The layout's
 * own order (the schema's) is kept wherever the references allow it, so the output is stable.
 */
export function creationOrder(): CreationOrder {
  const tables = sqlTables();
  const byName = new Map(tables.map((table) => [table.name, table]));
  const ordered: SqlTable[] = [];
  const cyclic = new Set<string>();
  const state = new Map<string, "visiting" | "done">();
  const visit = (table: SqlTable): void => {
    if (state.has(table.name)) return;
    state.set(table.name, "visiting");
    for (const column of table.columns) {
      const target = column.references ? byName.get(column.references) : undefined;
      if (!target || target === table) continue;
      if (state.get(target.name) === "visiting") cyclic.add(`${table.name}\u0000${column.name}`);
      else visit(target);
    }
    state.set(table.name, "done");
    ordered.push(table);
  };
  for (const table of tables) visit(table);
  return { tables: ordered, cyclic };
}

/** A quoted SQL identifier ("location.country"): the same in SQLite and DuckDB. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A SQL string literal. */
export function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * The views, in SQL that SQLite and DuckDB both run. A participant's or speaker's name is the
 * first of the record's names; the reporting chain follows `reports` links to 16 steps.
 */
export const VIEWS: readonly { name: string; description: string; sql: string }[] = [
  {
    name: "events_with_participants",
    description:
      "One row per participant of each event, with the event's title, kind, date and place, and the participant's name, role, side and whom they represent. Events without participants have one row with empty participant columns.",
    sql: `SELECT e.id AS event_id, e.title AS event_title, e.kind AS event_kind, e.mode AS event_mode,
  e."date.value" AS event_date, e."location.name" AS event_place, e."location.country" AS event_country,
  p.position AS participant_position,
  CASE WHEN p.person IS NOT NULL THEN 'person' WHEN p.organization IS NOT NULL THEN 'organization'
       WHEN p.position IS NOT NULL THEN 'unresolved' END AS participant_kind,
  COALESCE(p.person, p.organization) AS participant_id,
  COALESCE(pn.value, o_n.value, p."unresolved.name", p."unresolved.description") AS participant_name,
  p.role, p.side, p."represents.country" AS represents_country,
  p."represents.organization" AS represents_organization, ro.value AS represents_organization_name
FROM events e
LEFT JOIN event_participants p ON p.event_id = e.id
LEFT JOIN person_names pn ON pn.person_id = p.person AND pn.position = 1
LEFT JOIN organization_names o_n ON o_n.organization_id = p.organization AND o_n.position = 1
LEFT JOIN organization_names ro ON ro.organization_id = p."represents.organization" AND ro.position = 1`,
  },
  {
    name: "event_countries",
    description:
      "The countries taking part in each event (represented by a participant), one row per event and country: the SDK's eventsByParticipant({ country }).",
    sql: `SELECT DISTINCT p.event_id, p."represents.country" AS country, e.title AS event_title, e."date.value" AS event_date
FROM event_participants p JOIN events e ON e.id = p.event_id
WHERE p."represents.country" IS NOT NULL`,
  },
  {
    name: "quotes_with_speaker_and_event",
    description:
      "Each quote with its speaker's name and the event it was said at (title and date).",
    sql: `SELECT q.id AS quote_id, q.text, q.lang, q."saidOn.value" AS said_on,
  CASE WHEN q."speaker.person" IS NOT NULL THEN 'person' WHEN q."speaker.organization" IS NOT NULL THEN 'organization'
       WHEN q."speaker.unresolved.name" IS NOT NULL OR q."speaker.unresolved.description" IS NOT NULL THEN 'unresolved' END AS speaker_kind,
  COALESCE(q."speaker.person", q."speaker.organization") AS speaker_id,
  COALESCE(pn.value, o_n.value, q."speaker.unresolved.name", q."speaker.unresolved.description") AS speaker_name,
  q."saidAt" AS event_id, e.title AS event_title, e."date.value" AS event_date
FROM quotes q
LEFT JOIN person_names pn ON pn.person_id = q."speaker.person" AND pn.position = 1
LEFT JOIN organization_names o_n ON o_n.organization_id = q."speaker.organization" AND o_n.position = 1
LEFT JOIN events e ON e.id = q."saidAt"`,
  },
  {
    name: "sources_with_reporting_chain",
    description:
      "For each source, every step of its chain of reporting (the sources it reports, then theirs …), with the depth of the step and the reported source's title and publisher; at most 16 steps deep.",
    sql: `WITH RECURSIVE chain(source_id, depth, from_source, to_source, relation) AS (
  SELECT source_id, 1, source_id, source, relation FROM source_reports
  UNION
  SELECT c.source_id, c.depth + 1, r.source_id, r.source, r.relation
  FROM chain c JOIN source_reports r ON r.source_id = c.to_source
  WHERE c.depth < 16
)
SELECT c.source_id, s.title AS source_title, c.depth, c.from_source, c.relation, c.to_source,
  t.title AS to_title, COALESCE(t."publisher.name", pub.value) AS to_publisher
FROM chain c
JOIN sources s ON s.id = c.source_id
LEFT JOIN sources t ON t.id = c.to_source
LEFT JOIN organization_names pub ON pub.organization_id = t."publisher.organization" AND pub.position = 1`,
  },
];

/** Descriptions of every table, view and column, as rows of `_parley_columns`. */
export function columnDescriptionRows(): {
  table: string;
  column: string;
  type: string;
  description: string;
}[] {
  const rows: { table: string; column: string; type: string; description: string }[] = [];
  for (const table of sqlTables()) {
    rows.push({ table: table.name, column: "", type: "table", description: table.description });
    for (const column of table.columns)
      rows.push({
        table: table.name,
        column: column.name,
        type: column.kind === "key" ? column.type : column.kind,
        description: column.description,
      });
  }
  for (const view of VIEWS)
    rows.push({ table: view.name, column: "", type: "view", description: view.description });
  return rows;
}

export const DESCRIPTIONS_TABLE = "_parley_columns";

/** The columns of `_parley_columns` and what they hold. */
export const DESCRIPTION_COLUMNS = {
  table_name: "The table or view.",
  column_name: "The column; '' for the table or view itself.",
  type: "'table' or 'view' for a table's own row; else the column's kind: string, number, boolean, enum-list (values joined by |), json, or a key column's SQL type.",
  description: "What it holds.",
} as const;
