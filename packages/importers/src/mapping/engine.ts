import {
  type DatasetHeader,
  ID_PATTERN,
  type ParleyRecord,
  ParleyRecord as ParleyRecordSchema,
  SCHEMA_VERSION,
} from "@parley/schema";
import { createRun, type ImportInput, type ImportOptions, type ImportRun, inputName } from "../run";
import type { SummaryBuilder } from "../summary";
import type { Where } from "../util";
import {
  evaluate,
  itemScope,
  lazyLets,
  NO_VARS,
  resolveName,
  type Scope,
  SkipRecord,
  SourceRecord,
  template,
  test,
} from "./evaluate";
import { type ReaderItem, readRecords } from "./readers";
import type { Mapping, Predicate, Report } from "./types";

/** Options of a mapping import beyond the mapping itself. */
export interface MappingImportOptions extends ImportOptions {
  /** Keep only source records whose primary event may fall on or after this date (YYYY[-MM[-DD]]). */
  since?: string;
  /** … on or before this date. */
  until?: string;
  /** More predicates (from `--where`), each a skip reason of its own. */
  where?: Predicate[];
  /** The inputs of the mapping's `lookups`, by lookup name (`--lookup name=file`). */
  lookups?: Record<string, readonly ImportInput[]>;
}

/** The NDJSON dataset header a mapping's output starts with. */
export function mappingHeader(mapping: Mapping): DatasetHeader {
  return {
    type: "dataset",
    schemaVersion: SCHEMA_VERSION,
    title: mapping.dataset?.title ?? `Imported with the mapping ${mapping.name}`,
    ...(mapping.dataset?.description ? { description: mapping.dataset.description } : {}),
    ...(mapping.dataset?.publisher ? { publisher: mapping.dataset.publisher } : {}),
    ...(mapping.dataset?.license ? { license: mapping.dataset.license } : {}),
  } as DatasetHeader;
}

/** Characters the standard's ids do not allow become '_', so an id template never fails. */
function safeId(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const id = String(value).replace(/[^A-Za-z0-9._:~/-]/g, "_");
  return ID_PATTERN.test(id) ? id : undefined;
}

/** The earliest and latest day a partial date can stand for. */
function dayRange(value: string): [string, string] {
  const [year, month, day] = value.split("-");
  if (day) return [value, value];
  if (month) {
    const last = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
    return [`${year}-${month}-01`, `${year}-${month}-${String(last).padStart(2, "0")}`];
  }
  return [`${year}-01-01`, `${year}-12-31`];
}

/**
 * Runs a mapping over its inputs: one engine for every declarative source. Each source record
 * is read (streamed), filtered, turned into the records of the templates, and counted as
 * imported or skipped by reason; fields no expression read go to `extensions`.
 */
export function importWithMapping(
  mapping: Mapping,
  inputs: readonly ImportInput[],
  options?: MappingImportOptions,
): ImportRun {
  return createRun(mapping.name, options, async function* (context) {
    const { summary } = context;
    const emitted = new Set<string>();
    const prefix = mapping.unmapped?.prefix ?? `${mapping.name}:`;
    const ignored = new Set(mapping.unmapped?.ignore ?? []);
    const intoIndex = (() => {
      const into = mapping.unmapped?.into;
      const index = into
        ? mapping.records.findIndex((t) => t.name === into)
        : mapping.records.findIndex((t) => t.type === "event");
      return index === -1 ? 0 : index;
    })();
    const since = options?.since ? dayRange(options.since)[0] : undefined;
    const until = options?.until ? dayRange(options.until)[1] : undefined;
    const predicates = [...(mapping.where ?? []), ...(options?.where ?? [])];
    const memory = new Map<string, Map<string, unknown>>();
    const tables = await readLookups(mapping, options?.lookups ?? {}, summary);
    const lookup = (name: string, key: string) => {
      const table = tables.get(name);
      const rows = table?.rows.get(key);
      if (rows) table?.matched.add(key);
      return rows;
    };
    let index = 0;
    // Records of `always` templates and of non-primary templates are written once per id.
    const once = (entry: BuiltRecord) => {
      if (entry.primary) return true;
      const id = entry.record.id as string;
      if (emitted.has(id)) return false;
      emitted.add(id);
      return true;
    };

    for (const input of inputs) {
      const file = inputName(input);
      let first = true;
      let fileRecords = 0;
      // Rows read from the file (a group of input.groupBy counts its rows).
      let fileRows = 0;
      let notShape = false;
      const detected: string[] = [];
      for await (const item of grouped(readRecords(input, mapping.input), mapping.input.groupBy)) {
        if (item.kind === "detected") {
          detected.push(item.text);
          continue;
        }
        if (item.kind === "not-shape") {
          summary.skipFile(file, item.reason);
          notShape = true;
          break;
        }
        index += 1;
        const source = new SourceRecord(
          item.fields,
          file,
          item.line,
          index,
          fileRecords + 1,
          item.cells,
          item.columns,
          item.rows,
        );
        if (first) {
          first = false;
          const shape = shapeProblem(mapping, source, item.fields);
          if (shape) {
            summary.skipFile(file, shape);
            notShape = true;
            break;
          }
          source.read.clear();
        }
        fileRecords += 1;
        // A group of rows (input.groupBy) counts as its rows, read, imported or skipped.
        const rowCount = item.rows?.length ?? 1;
        fileRows += rowCount;
        summary.read(rowCount);
        const where: Where = { file, ...(item.line !== undefined ? { line: item.line } : {}) };
        const scope: Scope = {
          record: source,
          vars: NO_VARS,
          warn: (code, message, line) =>
            summary.warn({ code, message, ...where, ...(line !== undefined ? { line } : {}) }),
          countries: context.countries,
          unmappedCountry: (label) => summary.unmappedCountry(label),
          memory,
          lookup,
        };
        const built = buildRecords(mapping, scope, predicates);
        if (built.skip !== undefined) {
          summary.skip(built.skip, rowCount);
          if (built.scope) report(mapping.warnings ?? [], built.scope, summary, true);
          for (const entry of built.records.filter(once)) {
            checkRecord(entry, summary, where);
            yield entry.record as unknown as ParleyRecord;
          }
          continue;
        }
        let { records } = built;
        const recordScope = built.scope as Scope;
        const primary = records.filter((entry) => entry.primary);
        if (since || until) {
          const dates = primary
            .map(
              (entry) => entry.record as { date?: { value: string }; endDate?: { value: string } },
            )
            .filter((r) => r.date !== undefined);
          if (primary.length > 0 && dates.length === 0) {
            summary.skip("undated (--since/--until given)");
            continue;
          }
          const outside = dates.every((r) => {
            const start = dayRange((r.date as { value: string }).value)[0];
            const end = dayRange((r.endDate ?? r.date)?.value as string)[1];
            return (since !== undefined && end < since) || (until !== undefined && start > until);
          });
          if (dates.length > 0 && outside) {
            summary.skip(
              since && until
                ? `outside ${options?.since}..${options?.until}`
                : since
                  ? `before --since ${options?.since}`
                  : `after --until ${options?.until}`,
            );
            continue;
          }
        }
        // Unmapped fields: kept in extensions of the receiving record, never dropped silently.
        const into = records.find((entry) => entry.template === intoIndex) ?? records[0];
        // A group's rows are the mapping's to keep (through _rows): no one row's fields are its own.
        if (into && !item.rows) {
          const extensions = { ...((into.record.extensions as Record<string, unknown>) ?? {}) };
          for (const [key, value] of Object.entries(source.fields)) {
            if (source.read.has(key)) continue;
            if (ignored.has(key)) {
              summary.note(`field ${key} ignored (unmapped.ignore)`);
              continue;
            }
            if (
              value === undefined ||
              value === null ||
              (typeof value === "string" && !value.trim())
            ) {
              summary.note(
                mapping.unmapped?.emptyNote
                  ? mapping.unmapped.emptyNote.replace("{field}", key)
                  : `empty ${key}`,
              );
              continue;
            }
            extensions[`${prefix}${key}`] = typeof value === "string" ? value.trim() : value;
          }
          if (Object.keys(extensions).length > 0) into.record.extensions = extensions;
        }
        report(mapping.warnings ?? [], recordScope, summary, false);
        // Records that several source records imply (a person, the dataset's source) are written
        // once. Their ids are kept; the primary records' ids are not, so that memory does not
        // grow with the number of rows: a mapping whose id template repeats is caught by
        // `parley validate` (duplicate ids), not here.
        records = records.filter(once);
        summary.imported(rowCount);
        for (const entry of records) {
          checkRecord(entry, summary, where);
          yield entry.record as unknown as ParleyRecord;
        }
      }
      if (!notShape && (fileRecords > 0 || detected.length > 0))
        summary.file(file, fileRows, detected.join(", "));
    }
    for (const [name, table] of tables) {
      const spec = mapping.lookups?.[name];
      let matched = 0;
      let unmatched = 0;
      for (const [key, rows] of table.rows) {
        if (table.matched.has(key)) {
          matched += rows.length;
          continue;
        }
        unmatched += rows.length;
        if (!spec?.orphans) continue;
        // A row nothing joined is imported on its own (the same `where` applies), never lost.
        for (const row of rows) {
          index += 1;
          const file = String(row._file ?? name);
          const where: Where = {
            file,
            ...(typeof row._line === "number" ? { line: row._line } : {}),
          };
          const source = new SourceRecord(row, file, undefined, index);
          const scope: Scope = {
            record: source,
            vars: NO_VARS,
            warn: (code, message, line) =>
              summary.warn({ code, message, ...where, ...(line !== undefined ? { line } : {}) }),
            countries: context.countries,
            unmappedCountry: (label) => summary.unmappedCountry(label),
            memory,
            lookup,
          };
          summary.read();
          const built = buildRecords(
            { ...mapping, let: {}, records: spec.orphans },
            scope,
            predicates,
          );
          if (built.skip !== undefined) {
            summary.skip(built.skip);
            continue;
          }
          summary.imported();
          if (spec.unmatched)
            scope.warn(
              spec.unmatched.code,
              template(spec.unmatched.message, scope, "(absent)") ?? spec.unmatched.message,
            );
          for (const entry of built.records.filter(once)) {
            checkRecord(entry, summary, where);
            yield entry.record as unknown as ParleyRecord;
          }
        }
      }
      summary.note(`${name} read`, table.read);
      summary.note(`${name} joined to an imported record`, matched);
      if (unmatched > 0 && !spec?.orphans) {
        summary.note(`${name} joined to nothing imported`, unmatched);
        summary.warn({
          code: spec?.unmatched?.code ?? "lookup-unmatched",
          message: `${unmatched} rows of ${name} join no imported record${spec?.unmatched ? `: ${spec.unmatched.message}` : ""}`,
          file: table.files.join(", "),
        });
      }
    }
  });
}

function checkRecord(entry: BuiltRecord, summary: SummaryBuilder, where: Where): void {
  const check = ParleyRecordSchema.safeParse(entry.record);
  if (check.success) return;
  const issue = check.error.issues[0];
  summary.warn({
    code: "record-invalid",
    message: `${entry.record.type} ${entry.record.id}: ${issue?.path.join("/") || "(record)"}: ${issue?.message}; written as built, check the mapping`,
    ...where,
  });
}

/** Why a file's first record says the file is another source's, if it does. */
function shapeProblem(
  mapping: Mapping,
  source: SourceRecord,
  fields: Record<string, unknown>,
): string | undefined {
  const has = (field: string) => source.get(field) !== undefined || Object.hasOwn(fields, field);
  const missing = (mapping.input.requires ?? []).filter((field) => !has(field));
  if (missing.length > 0)
    return `its first record lacks ${missing.map((m) => `'${m}'`).join(", ")}${didYouMean(missing, Object.keys(fields))}`;
  const oneOf = mapping.input.requiresOneOf ?? [];
  if (oneOf.length > 0 && !oneOf.some(has))
    return `its first record has none of the fields ${oneOf.map((m) => `'${m}'`).join(", ")}`;
  return undefined;
}

/** Warnings, notes and counts of the mapping's `warnings` list for one source record. */
function report(
  reports: readonly Report[],
  scope: Scope,
  summary: SummaryBuilder,
  skipped: boolean,
): void {
  for (const entry of reports) {
    if (skipped && !entry.always) continue;
    let items: Scope[] = [scope];
    try {
      if (entry.forEach !== undefined) {
        const list = evaluate(entry.forEach, scope);
        items = (list === undefined ? [] : Array.isArray(list) ? list : [list]).map((item) =>
          itemScope(scope, entry.as ?? "item", item),
        );
      }
    } catch (error) {
      if (error instanceof SkipRecord) continue;
      throw error;
    }
    for (const itemScope of items) reportOne(entry, itemScope, summary);
  }
}

function reportOne(entry: Report, scope: Scope, summary: SummaryBuilder): void {
  {
    try {
      if (!test(entry.when, scope)) return;
    } catch (error) {
      // A `required` variable that is absent: the record was skipped for it already.
      if (error instanceof SkipRecord) return;
      throw error;
    }
    const counted = entry.count === undefined ? 1 : evaluate(entry.count, scope);
    const n = Array.isArray(counted) ? counted.length : Number(counted ?? 0);
    if (!(n > 0)) return;
    if (entry.code)
      scope.warn(
        entry.code,
        template(entry.message ?? entry.code, scope, "(absent)") ?? entry.message ?? entry.code,
      );
    if (entry.note) summary.note(template(entry.note, scope, "(absent)") ?? entry.note, n);
    if (entry.unresolved)
      summary.unresolved(template(entry.unresolved, scope, "(absent)") ?? entry.unresolved, n);
  }
}

interface LookupTable {
  rows: Map<string, Record<string, unknown>[]>;
  matched: Set<string>;
  read: number;
  files: string[];
  inputs: readonly ImportInput[];
}

/** A lookup row's key: a field, or a template over its fields ("{Session|number}|{ISO}"). */
function lookupKey(key: string, row: Record<string, unknown>, file: string, index: number): string {
  if (!key.includes("{")) {
    const value = row[key];
    return value === undefined || value === null ? "" : String(value).trim();
  }
  const scope: Scope = {
    record: new SourceRecord(row, file, undefined, index),
    vars: NO_VARS,
    warn: () => {},
    countries: () => ({ suggestions: [] }),
    unmappedCountry: () => {},
    memory: new Map(),
    lookup: () => undefined,
  };
  return template(key, scope, "") ?? "";
}

/**
 * The mapping's lookups, read whole before the source (each row keyed by its `key` field, with
 * `_file` and `_line`), for `$lookup` to join. Memory holds the tables: they are meant for side
 * tables (GDELT's mentions of one export), not for a second source of the same size.
 */
async function readLookups(
  mapping: Mapping,
  inputs: Record<string, readonly ImportInput[]>,
  summary: SummaryBuilder,
): Promise<Map<string, LookupTable>> {
  const tables = new Map<string, LookupTable>();
  for (const [name, files] of Object.entries(inputs)) {
    const spec = mapping.lookups?.[name];
    if (!spec) throw new Error(`the mapping ${mapping.name} has no lookup '${name}'`);
    const table: LookupTable = {
      rows: new Map(),
      matched: new Set(),
      read: 0,
      files: [],
      inputs: files,
    };
    tables.set(name, table);
    for (const input of files) {
      const file = inputName(input);
      table.files.push(file);
      const detected: string[] = [];
      let count = 0;
      for await (const item of readRecords(input, spec.input)) {
        if (item.kind === "detected") {
          detected.push(item.text);
          continue;
        }
        if (item.kind === "not-shape") {
          summary.skipFile(file, item.reason);
          break;
        }
        count += 1;
        // Copied with its getters: a text lookup's `text` stays unread until used.
        const row = Object.defineProperties(
          {},
          Object.getOwnPropertyDescriptors(item.fields),
        ) as Record<string, unknown>;
        row._file = file.split(/[\\/]/).pop();
        if (item.line !== undefined) row._line = item.line;
        const id = lookupKey(spec.key, row, file, count);
        const list = table.rows.get(id);
        if (list) list.push(row);
        else table.rows.set(id, [row]);
      }
      table.read += count;
      // Listed in the summary's inputs when something was detected about it (a delimiter).
      summary.file(
        file,
        count,
        detected.length > 0 ? [`${name} table`, ...detected].join(", ") : undefined,
      );
    }
  }
  return tables;
}

interface BuiltRecord {
  record: Record<string, unknown>;
  primary: boolean;
  template: number;
}

function buildRecords(
  mapping: Mapping,
  baseScope: Scope,
  predicates: readonly Predicate[],
): { records: BuiltRecord[]; scope?: Scope; skip?: string } {
  const scope = lazyLets(mapping.let ?? {}, baseScope);
  let reason: string | undefined;
  try {
    for (const predicate of predicates) {
      if (!test(predicate, scope)) {
        reason = predicate.reason
          ? (template(predicate.reason, scope, "(absent)") ?? predicate.reason)
          : "filtered out (where)";
        break;
      }
    }
    if (reason === undefined)
      return { records: buildTemplates(mapping, scope, baseScope, false), scope };
  } catch (error) {
    if (error instanceof SkipRecord) return { skip: error.reason, records: [] };
    throw error;
  }
  // A record filtered out still gives the records of its `always` templates.
  try {
    return { skip: reason, scope, records: buildTemplates(mapping, scope, baseScope, true) };
  } catch (error) {
    if (error instanceof SkipRecord) return { skip: reason, scope, records: [] };
    throw error;
  }
}

function buildTemplates(
  mapping: Mapping,
  scope: Scope,
  baseScope: Scope,
  onlyAlways: boolean,
): BuiltRecord[] {
  {
    const records: BuiltRecord[] = [];
    mapping.records.forEach((recordTemplate, templateIndex) => {
      if (onlyAlways && !recordTemplate.always) return;
      const items =
        recordTemplate.forEach !== undefined
          ? (() => {
              const list = evaluate(recordTemplate.forEach, scope);
              return list === undefined ? [] : Array.isArray(list) ? list : [list];
            })()
          : [undefined];
      items.forEach((item, itemIndex) => {
        const inner =
          recordTemplate.forEach !== undefined
            ? itemScope(scope, recordTemplate.as ?? "item", item, itemIndex)
            : scope;
        // `when` sees the item of a forEach template.
        if (recordTemplate.when && !test(recordTemplate.when, inner)) return;
        const body = evaluate(recordTemplate.record, inner) as Record<string, unknown> | undefined;
        const id = safeId(body?.id);
        if (!body || id === undefined) {
          if (recordTemplate.primary ?? recordTemplate.type === "event")
            throw new SkipRecord(
              `no id for the ${recordTemplate.type} (its id template has an absent part)`,
            );
          baseScope.warn(
            "record-without-id",
            `a ${recordTemplate.type} of template ${recordTemplate.name ?? templateIndex + 1} has no id (an absent part of its id template); not written`,
          );
          return;
        }
        records.push({
          record: { type: recordTemplate.type, ...body, id },
          primary: recordTemplate.primary ?? recordTemplate.type === "event",
          template: templateIndex,
        });
      });
    });
    return records;
  }
}

/** A CLI predicate: `name=value`, `name!=value`, `name~regex`, `name` (present). */
export function parseWherePredicate(text: string): Predicate {
  const match = /^([^=!~]+?)\s*(!=|=|~)\s*(.*)$/.exec(text);
  if (!match) return { value: { $var: text.trim() }, exists: true, reason: `--where ${text}` };
  const [, name = "", op, value = ""] = match;
  const subject = { $var: name.trim() };
  const reason = `--where ${text}`;
  if (op === "=") return { value: subject, equals: value, reason };
  if (op === "!=") return { not: { value: subject, equals: value }, reason };
  return { value: subject, matches: value, reason };
}

export { resolveName };

function didYouMean(missing: readonly string[], available: readonly string[]): string {
  const hints = missing
    .map((name) => available.find((key) => key.toLowerCase() === name.toLowerCase()))
    .filter(Boolean);
  return hints.length > 0 ? ` (it has ${hints.map((h) => `'${h}'`).join(", ")})` : "";
}

/**
 * Contiguous records with the same value of `groupBy` as one record whose rows are `_rows`
 * (each with its `_line`): a UN session's speakers, one event. One group is held in memory.
 */
async function* grouped(
  items: AsyncGenerator<ReaderItem>,
  groupBy: string | undefined,
): AsyncGenerator<ReaderItem & { rows?: Record<string, unknown>[] }> {
  if (!groupBy) {
    yield* items;
    return;
  }
  let current:
    | { key: string; item: ReaderItem & { kind: "record" }; rows: Record<string, unknown>[] }
    | undefined;
  const flush = () => {
    if (!current) return undefined;
    const out = { ...current.item, rows: current.rows };
    current = undefined;
    return out;
  };
  for await (const item of items) {
    if (item.kind !== "record") {
      const done = flush();
      if (done) yield done;
      yield item;
      continue;
    }
    const value = item.fields[groupBy];
    const key = value === undefined || value === null ? "" : String(value).trim();
    if (current && current.key !== key) {
      const done = flush();
      if (done) yield done;
    }
    const row = { ...item.fields, ...(item.line !== undefined ? { _line: item.line } : {}) };
    if (current) current.rows.push(row);
    else current = { key, item, rows: [row] };
  }
  const done = flush();
  if (done) yield done;
}
