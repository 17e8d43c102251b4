import { createHash } from "node:crypto";
import type { DatasetHeader, Event, ParleyRecord, Source } from "@parley/schema";
import { SCHEMA_VERSION } from "@parley/schema";
import { csvRows } from "./csv";
import { readRecords } from "./mapping/readers";
import {
  createRun,
  type ImportContext,
  type ImportInput,
  type ImportOptions,
  type ImportRun,
  inputName,
  textChunks,
} from "./run";
import { cameoTitle } from "./titles";
import type { Citation, Participant } from "./types";
import { baseName, dayDate, isValidUrl, makeId, mapCountry, type Where } from "./util";

/**
 * GDELT 2.0 events export (TSV, no header, 61 columns) and, optionally, the mentions table.
 * Only the consult family (CAMEO root code 04) becomes events; every other row is counted by
 * root code and skipped.
 */

export const gdeltHeader: DatasetHeader = {
  type: "dataset",
  schemaVersion: SCHEMA_VERSION,
  title: "GDELT 2.0 consult events, CAMEO 04x (imported)",
  publisher: "The GDELT Project",
  license: "https://www.gdeltproject.org/about.html#termsofuse",
  description:
    "Machine-coded from news reports by the GDELT Project; cite the GDELT Project when using it.",
};

/** The 61 columns of a GDELT 2.0 events export row, in order (GDELT's published header). */
export const GDELT_EVENT_COLUMNS = [
  "GLOBALEVENTID",
  "SQLDATE",
  "MonthYear",
  "Year",
  "FractionDate",
  "Actor1Code",
  "Actor1Name",
  "Actor1CountryCode",
  "Actor1KnownGroupCode",
  "Actor1EthnicCode",
  "Actor1Religion1Code",
  "Actor1Religion2Code",
  "Actor1Type1Code",
  "Actor1Type2Code",
  "Actor1Type3Code",
  "Actor2Code",
  "Actor2Name",
  "Actor2CountryCode",
  "Actor2KnownGroupCode",
  "Actor2EthnicCode",
  "Actor2Religion1Code",
  "Actor2Religion2Code",
  "Actor2Type1Code",
  "Actor2Type2Code",
  "Actor2Type3Code",
  "IsRootEvent",
  "EventCode",
  "EventBaseCode",
  "EventRootCode",
  "QuadClass",
  "GoldsteinScale",
  "NumMentions",
  "NumSources",
  "NumArticles",
  "AvgTone",
  "Actor1Geo_Type",
  "Actor1Geo_FullName",
  "Actor1Geo_CountryCode",
  "Actor1Geo_ADM1Code",
  "Actor1Geo_ADM2Code",
  "Actor1Geo_Lat",
  "Actor1Geo_Long",
  "Actor1Geo_FeatureID",
  "Actor2Geo_Type",
  "Actor2Geo_FullName",
  "Actor2Geo_CountryCode",
  "Actor2Geo_ADM1Code",
  "Actor2Geo_ADM2Code",
  "Actor2Geo_Lat",
  "Actor2Geo_Long",
  "Actor2Geo_FeatureID",
  "ActionGeo_Type",
  "ActionGeo_FullName",
  "ActionGeo_CountryCode",
  "ActionGeo_ADM1Code",
  "ActionGeo_ADM2Code",
  "ActionGeo_Lat",
  "ActionGeo_Long",
  "ActionGeo_FeatureID",
  "DATEADDED",
  "SOURCEURL",
] as const;

/** The mentions table's 16 columns (raw GDELT files have no header; samples use lower case). */
export const GDELT_MENTION_COLUMNS = [
  "GLOBALEVENTID",
  "EventTimeDate",
  "MentionTimeDate",
  "MentionType",
  "MentionSourceName",
  "MentionIdentifier",
  "SentenceID",
  "Actor1CharOffset",
  "Actor2CharOffset",
  "ActionCharOffset",
  "InRawText",
  "Confidence",
  "MentionDocLen",
  "MentionDocTone",
  "MentionDocTranslationInfo",
  "Extras",
] as const;

/** CAMEO 04x: what kind of event each code is, and the sides of Actor1 and Actor2. */
const CONSULT_CODES: Record<
  string,
  {
    kind: Event["kind"];
    mode?: Event["mode"];
    actor1?: Participant["side"];
    actor2?: Participant["side"];
  }
> = {
  "040": { kind: "meeting" }, // consult, not specified below
  "041": { kind: "call", mode: "phone" }, // discuss by telephone
  "042": { kind: "visit", mode: "in-person", actor1: "guest", actor2: "host" }, // make a visit
  "043": { kind: "visit", mode: "in-person", actor1: "host", actor2: "guest" }, // host a visit
  "044": { kind: "meeting", mode: "in-person" }, // meet at a third location
  "045": { kind: "meeting", actor1: "mediator" }, // mediate
  "046": { kind: "negotiation" }, // engage in negotiation
};

/** Events dated this many days or more before GDELT added them are flagged as stale. */
export const STALE_EVENT_DAYS = 30;

export interface GdeltOptions extends ImportOptions {
  /** Mentions table files; their rows become sources of the events they mention. */
  mentions?: readonly ImportInput[];
}

type Row = Record<string, string>;

export function importGdelt(inputs: readonly ImportInput[], options?: GdeltOptions): ImportRun {
  return createRun("gdelt", options, async function* (context) {
    const mentions = new Map<string, { row: Row; where: Where }[]>();
    for (const input of options?.mentions ?? []) {
      for await (const { row, where } of readMentions(context, input)) {
        const id = row.GLOBALEVENTID ?? "";
        const list = mentions.get(id);
        if (list) list.push({ row, where });
        else mentions.set(id, [{ row, where }]);
      }
    }
    const matchedMentions = new Set<string>();
    const emittedSources = new Set<string>();
    const duplicates = new Map<string, string>();
    const skippedByRoot: Record<string, number> = {};

    for (const input of inputs) {
      const file = inputName(input);
      const datasetId = makeId("gdelt", "export", baseName(file));
      // The dataset source is written with the file's first event row: a file that is not an
      // export (the column-labels CSV that sits beside it) leaves no phantom source behind.
      let sourceWritten = false;
      for await (const item of readExportRows(context, input)) {
        if (!sourceWritten) {
          sourceWritten = true;
          yield {
            type: "source",
            id: datasetId,
            kind: "dataset",
            title: `GDELT 2.0 events export ${baseName(file)}`,
            publisher: { name: "The GDELT Project" },
            extensions: { "gdelt:file": baseName(file) },
          } satisfies Source;
        }
        const { row, line } = item;
        context.summary.read();
        const where: Where = { file, line };
        if (row === undefined) {
          context.summary.skip(`row has ${item.cells} columns, not ${GDELT_EVENT_COLUMNS.length}`);
          context.summary.warn({
            code: "column-count",
            message: `row has ${item.cells} columns, expected 61`,
            ...where,
          });
          continue;
        }
        where.sourceId = row.GLOBALEVENTID;
        const root = row.EventRootCode ?? "";
        if (root !== "04") {
          skippedByRoot[root] = (skippedByRoot[root] ?? 0) + 1;
          context.summary.skip("event code not in the consult family (CAMEO 04x)");
          continue;
        }
        const records = mapEvent(
          context,
          row,
          where,
          datasetId,
          mentions,
          matchedMentions,
          emittedSources,
          duplicates,
        );
        if (records.length === 0) continue;
        context.summary.imported();
        yield* records;
      }
    }
    for (const [root, n] of Object.entries(skippedByRoot))
      context.summary.note(`skipped rows with CAMEO root code ${root}`, n);
    let unmatched = 0;
    for (const [id, list] of mentions) if (!matchedMentions.has(id)) unmatched += list.length;
    if (options?.mentions?.length) {
      context.summary.note(
        "mentions read",
        [...mentions.values()].reduce((n, list) => n + list.length, 0),
      );
      context.summary.note(
        "mentions matched to an imported event",
        [...matchedMentions].reduce((n, id) => n + (mentions.get(id)?.length ?? 0), 0),
      );
      if (unmatched > 0) {
        context.summary.note("mentions of events not imported", unmatched);
        context.summary.warn({
          code: "mentions-unmatched",
          message: `${unmatched} mention rows name events that are not consult events of the given export files`,
          file: options.mentions.map(inputName).join(", "),
        });
      }
    }
  });
}

/**
 * The rows of an events export, as GDELT publishes it (tab-separated, no header) or as BigQuery
 * and spreadsheets export it (comma-separated, a header row naming the columns, in any order).
 * The delimiter and the header are detected and reported in the summary. A file of another
 * shape (the column-labels CSV, anything whose rows are not export rows) is skipped with a
 * `not-source-shape` warning: never read as data.
 */
async function* readExportRows(
  context: ImportContext,
  input: ImportInput,
): AsyncGenerator<{ row?: Row; cells: number; line?: number }> {
  const file = inputName(input);
  const detected: string[] = [];
  let rows = 0;
  let first = true;
  let headed = false;
  for await (const item of readRecords(input, {
    format: "csv",
    delimiter: "auto",
    header: "auto",
    requires: ["GLOBALEVENTID", "SQLDATE", "EventCode", "EventRootCode"],
  })) {
    if (item.kind === "detected") {
      detected.push(item.text);
      if (item.text === "header row") headed = true;
      continue;
    }
    if (item.kind === "not-shape") {
      context.summary.skipFile(file, item.reason);
      return;
    }
    const cells = Object.keys(item.fields).length;
    if (first) {
      first = false;
      if (!headed && cells !== GDELT_EVENT_COLUMNS.length) {
        context.summary.skipFile(
          file,
          `its first row has ${cells} columns and no header naming GDELT's (an events export row has ${GDELT_EVENT_COLUMNS.length})`,
        );
        return;
      }
      if (headed) {
        const missing = ["GLOBALEVENTID", "SQLDATE", "EventCode", "EventRootCode"].filter(
          (column) => !(column in item.fields),
        );
        if (missing.length > 0) {
          context.summary.skipFile(file, `its header lacks ${missing.join(", ")}`);
          return;
        }
      }
    }
    rows += 1;
    const row: Row = {};
    if (headed) {
      // A header in any order or case: each cell goes to GDELT's column of the same name.
      for (const [name, value] of Object.entries(item.fields)) {
        const column =
          GDELT_EVENT_COLUMNS.find((known) => known.toLowerCase() === name.toLowerCase()) ?? name;
        row[column] = String(value ?? "");
      }
      yield { row, cells, ...(item.line !== undefined ? { line: item.line } : {}) };
      continue;
    }
    if (cells !== GDELT_EVENT_COLUMNS.length) {
      yield { cells, ...(item.line !== undefined ? { line: item.line } : {}) };
      continue;
    }
    GDELT_EVENT_COLUMNS.forEach((column, index) => {
      row[column] = String(item.fields[String(index + 1)] ?? "");
    });
    yield { row, cells, ...(item.line !== undefined ? { line: item.line } : {}) };
  }
  context.summary.file(file, rows, detected.join(", "));
}

/** Reads a mentions table: CSV with a header (as in the gdeltPyR sample) or raw GDELT TSV. */
async function* readMentions(
  context: ImportContext,
  input: ImportInput,
): AsyncGenerator<{ row: Row; where: Where }> {
  const file = inputName(input);
  let header: string[] | undefined;
  let delimiter: string | undefined;
  const chunks = textChunks(input);
  // Peek at the first chunk to tell a headed CSV from a raw tab-separated file.
  const first = await chunks.next();
  const head = first.done ? "" : first.value;
  const firstLine = head.split("\n", 1)[0] ?? "";
  if (firstLine.includes("\t")) {
    delimiter = "\t";
    header = [...GDELT_MENTION_COLUMNS];
  } else {
    delimiter = ",";
  }
  async function* all() {
    if (head) yield head;
    yield* chunks;
  }
  const rows = csvRows(file, all(), {
    delimiter,
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    quote: delimiter === "\t" ? false : '"',
  });
  for await (const { record, info } of rows) {
    const where: Where = { file, line: info.lines };
    if (!header) {
      // The sample's header is lower-cased GDELT names; map them onto the codebook's spelling.
      header = record.map(
        (name) =>
          GDELT_MENTION_COLUMNS.find(
            (column) => column.toLowerCase() === name.trim().toLowerCase(),
          ) ?? name,
      );
      continue;
    }
    if (record.length !== header.length) {
      context.summary.warn({
        code: "mention-column-count",
        message: `mention row has ${record.length} columns, expected ${header.length}`,
        ...where,
      });
    }
    const row: Row = {};
    header.forEach((column, index) => {
      row[column] = record[index] ?? "";
    });
    yield { row, where };
  }
}

function sourceIdForUrl(url: string): string {
  return makeId("gdelt", "source", createHash("sha1").update(url).digest("hex").slice(0, 16));
}

/** Text damaged by a wrong decoding somewhere upstream: '?' or '*' inside words, C1 controls, U+FFFD, "Ã©"-style pairs. */
export function looksMojibake(text: string): boolean {
  return /\p{L}[?*]|[?*]\p{L}|[\u0080-\u009f\ufffd]|[ÃÂ][\u0080-\u00bf]/u.test(text);
}

function mapEvent(
  context: ImportContext,
  row: Row,
  where: Where,
  datasetId: string,
  mentions: Map<string, { row: Row; where: Where }[]>,
  matchedMentions: Set<string>,
  emittedSources: Set<string>,
  duplicates: Map<string, string>,
): ParleyRecord[] {
  const { summary } = context;
  const records: ParleyRecord[] = [];
  const eventId = row.GLOBALEVENTID ?? "";
  if (!/^\d+$/.test(eventId)) {
    summary.skip("GLOBALEVENTID missing or not a number");
    summary.warn({
      code: "event-id-invalid",
      message: `GLOBALEVENTID '${eventId}' is not a number`,
      ...where,
    });
    return [];
  }
  const code = row.EventCode ?? "";
  const spec = CONSULT_CODES[code];
  if (!spec)
    summary.warn({
      code: "cameo-code-unknown",
      message: `EventCode '${code}' is not a CAMEO 04x code; kind 'other'`,
      ...where,
    });

  const extensions: Record<string, unknown> = {};
  for (const column of GDELT_EVENT_COLUMNS) {
    if (column.startsWith("Actor1") || column.startsWith("Actor2")) continue;
    if (column === "GLOBALEVENTID") continue; // an identifier (standard 1.2), not an extension
    const value = row[column];
    if (value) extensions[`gdelt:${column}`] = value;
  }

  const date = dayDate(context, row.SQLDATE, where, "SQLDATE");
  const added = dayDate(context, row.DATEADDED?.slice(0, 8), where, "DATEADDED");
  if (date && added) {
    const days = (Date.parse(added.value) - Date.parse(date.value)) / 86_400_000;
    if (days >= STALE_EVENT_DAYS) {
      summary.warn({
        code: "event-date-long-before-added",
        message: `event dated ${date.value}, ${Math.round(days)} days before GDELT added it (${added.value}): a re-dated or stale event`,
        ...where,
      });
    } else if (days < 0) {
      summary.warn({
        code: "event-date-after-added",
        message: `event dated ${date.value}, after GDELT added it (${added.value})`,
        ...where,
      });
    }
  }

  const participants: Participant[] = [];
  for (const actor of ["Actor1", "Actor2"] as const) {
    const p = actorParticipant(
      context,
      row,
      actor,
      actor === "Actor1" ? spec?.actor1 : spec?.actor2,
      where,
    );
    if (p) participants.push(p);
    else summary.note(`consult events with ${actor} empty`);
  }

  let location: Event["location"];
  const geoType = row.ActionGeo_Type ?? "";
  if (geoType && geoType !== "0") {
    const fullName = row.ActionGeo_FullName ?? "";
    if (looksMojibake(fullName)) {
      summary.warn({
        code: "suspected-mojibake",
        message: `ActionGeo_FullName '${fullName}' looks damaged by a wrong decoding`,
        ...where,
      });
    }
    const countryLabel = fullName.split(",").pop()?.trim();
    const country = mapCountry(context, countryLabel, where, "ActionGeo country");
    const latitude = Number(row.ActionGeo_Lat);
    const longitude = Number(row.ActionGeo_Long);
    const hasPoint =
      row.ActionGeo_Lat !== "" &&
      row.ActionGeo_Long !== "" &&
      Number.isFinite(latitude) &&
      Number.isFinite(longitude) &&
      Math.abs(latitude) <= 90 &&
      Math.abs(longitude) <= 180;
    location = {
      ...(fullName ? { name: fullName } : {}),
      ...(country ? { country } : {}),
      ...(hasPoint ? { coordinates: { latitude, longitude } } : {}),
    };
  } else {
    summary.note("consult events without an ActionGeo");
  }

  const citations: Citation[] = [];
  const url = row.SOURCEURL ?? "";
  if (url) {
    const sourceId = sourceIdForUrl(url);
    citations.push({ source: sourceId, certainty: "inferred" });
    if (!emittedSources.has(sourceId)) {
      emittedSources.add(sourceId);
      records.push(urlSource(context, sourceId, url, undefined, where));
    }
  } else {
    summary.warn({ code: "no-source-url", message: "SOURCEURL is empty", ...where });
  }
  citations.push({ source: datasetId, locator: `line ${where.line}`, certainty: "reported" });

  const eventMentions = mentions.get(eventId);
  if (eventMentions) {
    matchedMentions.add(eventId);
    const kept: Row[] = [];
    for (const mention of eventMentions) {
      kept.push(mention.row);
      const mentionUrl = mention.row.MentionIdentifier ?? "";
      if (!mentionUrl) continue;
      const sourceId = sourceIdForUrl(mentionUrl);
      const sentence = mention.row.SentenceID;
      citations.push({
        source: sourceId,
        ...(sentence ? { locator: `sentence ${sentence}` } : {}),
        certainty: "inferred",
      });
      if (!emittedSources.has(sourceId)) {
        emittedSources.add(sourceId);
        records.push(
          urlSource(context, sourceId, mentionUrl, mention.row.MentionSourceName, mention.where),
        );
      }
    }
    extensions["gdelt:mentions"] = kept;
  }

  // One article often yields the same meeting twice (A visits B as 042, B hosts A as 043).
  const pair = [row.Actor1Code ?? "", row.Actor2Code ?? ""].sort().join("|");
  const duplicateKey = `${url}|${row.SQLDATE}|${pair}`;
  const earlier = duplicates.get(duplicateKey);
  if (earlier) {
    summary.warn({
      code: "possible-duplicate-event",
      message: `event ${eventId} has the same article, date and actors as event ${earlier}`,
      ...where,
    });
  } else {
    duplicates.set(duplicateKey, eventId);
  }

  const title = cameoTitle(
    code,
    row.Actor1Name?.trim(),
    row.Actor2Name?.trim(),
    row.ActionGeo_FullName?.trim(),
  );
  records.push({
    type: "event",
    id: makeId("gdelt", eventId),
    kind: spec?.kind ?? "other",
    ...(title ? { title } : {}),
    ...(spec?.mode ? { mode: spec.mode } : {}),
    ...(date ? { date } : {}),
    ...(location && Object.keys(location).length > 0 ? { location } : {}),
    ...(participants.length > 0 ? { participants } : {}),
    ...(/^\d{2,4}$/.test(code)
      ? {
          codes: { cameo: code },
          // GDELT codes every event by machine, from the text of the article.
          codings: [
            {
              scheme: "cameo" as const,
              code,
              coding: {
                method: "automated" as const,
                coder: { name: "GDELT Project" },
                codebook: "CAMEO",
              },
            },
          ],
        }
      : {}),
    identifiers: { other: [{ scheme: "gdelt", value: eventId }] },
    citations,
    extensions,
  } satisfies Event);
  return records;
}

function urlSource(
  context: ImportContext,
  id: string,
  url: string,
  publisher: string | undefined,
  where: Where,
): Source {
  const valid = isValidUrl(url);
  if (!valid)
    context.summary.warn({
      code: "source-url-invalid",
      message: `'${url}' is not an absolute URL; kept in extensions`,
      ...where,
    });
  return {
    type: "source",
    id,
    ...(valid ? { url } : {}),
    ...(publisher ? { publisher: { name: publisher } } : {}),
    ...(valid ? {} : { extensions: { "gdelt:url": url } }),
  };
}

function actorParticipant(
  context: ImportContext,
  row: Row,
  actor: "Actor1" | "Actor2",
  side: Participant["side"] | undefined,
  where: Where,
): Participant | undefined {
  const name = (row[`${actor}Name`] ?? "").trim();
  const code = (row[`${actor}Code`] ?? "").trim();
  if (!name && !code) return undefined;
  const extensions: Record<string, unknown> = {};
  for (const column of GDELT_EVENT_COLUMNS) {
    if (!column.startsWith(actor)) continue;
    const value = row[column];
    if (value) extensions[`gdelt:${column}`] = value;
  }
  if (looksMojibake(name)) {
    context.summary.warn({
      code: "suspected-mojibake",
      message: `${actor}Name '${name}' looks damaged by a wrong decoding`,
      ...where,
    });
  }
  const country = mapCountry(context, row[`${actor}CountryCode`], where, `${actor}CountryCode`);
  context.summary.unresolved(
    name ? "actor known by its GDELT name" : "actor known by its CAMEO code only",
  );
  return {
    unresolved: name ? { name } : { description: `actor with CAMEO code ${code}` },
    ...(side ? { side } : {}),
    ...(country ? { represents: { country } } : {}),
    extensions,
  };
}
