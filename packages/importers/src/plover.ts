import type { DatasetHeader, Event, Source } from "@parley/schema";
import { SCHEMA_VERSION } from "@parley/schema";
import { JSONParser } from "@streamparser/json";
import {
  createRun,
  type ImportContext,
  ImportError,
  type ImportInput,
  type ImportOptions,
  type ImportRun,
  inputName,
  textChunks,
} from "./run";
import { listOf } from "./titles";
import type { Participant } from "./types";
import { baseName, makeId, mapCountry, type Where } from "./util";

/**
 * PLOVER gold standard records (github.com/openeventdata/PLOVER): one JSON array of coded
 * events. CONSULT records become meetings; every other event type is counted and skipped.
 */

export const ploverHeader: DatasetHeader = {
  type: "dataset",
  schemaVersion: SCHEMA_VERSION,
  title: "PLOVER gold standard CONSULT records (imported)",
  publisher: "Open Event Data Alliance",
  license: "CC-BY-SA-4.0",
};

/**
 * The GSR's readme says every record carries the placeholder date 2000-01-01: the CAMEO manual
 * examples it recodes have no dates. The importer leaves such a date absent (kept raw in
 * `extensions`) rather than dating 11 meetings to New Year's Day 2000.
 */
export const PLOVER_PLACEHOLDER_DATE = "2000-01-01";

/** How a PLOVER CONSULT mode maps to the standard's event mode and to participant sides. */
const MODES: Record<
  string,
  { mode?: Event["mode"]; sourceSide?: "host" | "guest"; targetSide?: "host" | "guest" }
> = {
  // "visit": the source actors travel to the target (CAMEO 042).
  visit: { mode: "in-person", sourceSide: "guest", targetSide: "host" },
  // "host": the source actors receive the target (CAMEO 043).
  host: { mode: "in-person", sourceSide: "host", targetSide: "guest" },
  // "third-party": a meeting at a third location (CAMEO 044); nobody hosts.
  "third-party": { mode: "in-person" },
  phone: { mode: "phone" },
  // "multilateral" says who met, not how: no mode.
  multilateral: {},
};

interface PloverActor {
  actorText?: unknown;
  code?: unknown;
  sector?: unknown;
}

type PloverRecord = Record<string, unknown>;

export function importPlover(inputs: readonly ImportInput[], options?: ImportOptions): ImportRun {
  return createRun("plover", options, async function* (context) {
    const seenIds = new Map<string, number>();
    for (const input of inputs) {
      const file = inputName(input);
      const sourceId = makeId("plover", "source", baseName(file));
      let sourceEmitted = false;
      let position = 0;
      for await (const value of readArray(input)) {
        if (value === NOT_AN_ARRAY) {
          context.summary.skipFile(file, "it is not a JSON array (PLOVER records are one array)");
          break;
        }
        if (position === 0 && !looksLikePlover(value)) {
          context.summary.skipFile(
            file,
            "its first element has none of PLOVER's fields (event, id, text, source, target)",
          );
          break;
        }
        position += 1;
        context.summary.read();
        const where: Where = { file, line: position };
        if (typeof value !== "object" || value === null || Array.isArray(value)) {
          context.summary.skip("array element is not an object");
          context.summary.warn({
            code: "not-an-object",
            message: `element ${position} is not a JSON object`,
            ...where,
          });
          continue;
        }
        const record = value as PloverRecord;
        const id = typeof record.id === "string" ? record.id : undefined;
        if (id) {
          where.sourceId = id;
          const earlier = seenIds.get(id);
          if (earlier !== undefined) {
            context.summary.warn({
              code: "duplicate-source-id",
              message: `id ${id} is used by element ${earlier} and again by element ${position}`,
              ...where,
            });
          } else {
            seenIds.set(id, position);
          }
        }
        if (record.event === "DOCUMENT") {
          context.summary.skip("DOCUMENT header (kept as the source record's metadata)");
          if (!sourceEmitted) {
            sourceEmitted = true;
            yield datasetSource(sourceId, file, record);
          }
          continue;
        }
        if (!sourceEmitted) {
          sourceEmitted = true;
          yield datasetSource(sourceId, file, undefined);
        }
        if (record.event !== "CONSULT") {
          context.summary.skip(
            `event type ${typeof record.event === "string" ? record.event : "(missing)"} is not CONSULT`,
          );
          continue;
        }
        if (!id) {
          context.summary.skip("CONSULT record without an id");
          context.summary.warn({
            code: "record-without-id",
            message: `CONSULT element ${position} has no id`,
            ...where,
          });
          continue;
        }
        context.summary.imported();
        yield mapConsult(context, record, id, sourceId, where);
      }
    }
  });
}

function datasetSource(id: string, file: string, document: PloverRecord | undefined): Source {
  const extensions: Record<string, unknown> = { "plover:file": baseName(file) };
  if (document)
    for (const [key, value] of Object.entries(document))
      extensions[`plover:document:${key}`] = value;
  return {
    type: "source",
    id,
    kind: "dataset",
    title: "PLOVER Gold Standard Records (CAMEO manual examples recoded to PLOVER)",
    titleLang: "en",
    publisher: { name: "Open Event Data Alliance" },
    url: "https://github.com/openeventdata/PLOVER",
    lang: "en",
    extensions,
  };
}

/** Streams the elements of the top-level JSON array. */
/** What readArray yields, once, for a document that is not an array. */
const NOT_AN_ARRAY = Symbol("not an array");

/** A PLOVER record (or the DOCUMENT header) is an object with some of these fields. */
function looksLikePlover(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  return ["event", "id", "text", "source", "target"].some((key) => key in value);
}

async function* readArray(input: ImportInput): AsyncGenerator<unknown> {
  const file = inputName(input);
  const parser = new JSONParser({ paths: ["$.*"], keepStack: false });
  const values: unknown[] = [];
  let failure: Error | undefined;
  parser.onValue = ({ value }) => {
    values.push(value);
  };
  parser.onError = (error) => {
    failure ??= new ImportError(file, undefined, `not valid JSON: ${error.message}`);
  };
  let started = false;
  for await (const chunk of textChunks(input)) {
    if (!started && chunk.trim()) {
      started = true;
      if (!chunk.trimStart().startsWith("[")) {
        yield NOT_AN_ARRAY;
        return;
      }
    }
    parser.write(chunk);
    if (failure) throw failure;
    yield* values.splice(0);
  }
  if (!parser.isEnded) parser.end();
  if (failure) throw failure;
  yield* values.splice(0);
}

/** Fields the mapping turns into standard fields; the rest go verbatim into `extensions`. */
const MAPPED = new Set(["id", "event", "source", "target", "mode", "eventLoc", "text"]);
/** PLOVER's own record of who coded it: the `coding` of the record's PLOVER code. */
const CODER_FIELDS = ["coder", "version", "dateCoded"];
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function mapConsult(
  context: ImportContext,
  record: PloverRecord,
  id: string,
  sourceId: string,
  where: Where,
): Event {
  const { summary } = context;
  // The PLOVER id is an identifier (standard 1.2), no longer an extension.
  const extensions: Record<string, unknown> = {};
  const coder = typeof record.coder === "string" && record.coder.trim() ? record.coder.trim() : "";
  const version = typeof record.version === "string" ? record.version.trim() : "";
  const dateCoded =
    typeof record.dateCoded === "string" && ISO_DAY.test(record.dateCoded) ? record.dateCoded : "";
  // Kept in extensions only what has no place in `coding` (a malformed dateCoded, say).
  const coded: Record<string, boolean> = {
    coder: coder !== "",
    version: version !== "",
    dateCoded: dateCoded !== "",
  };
  for (const [key, value] of Object.entries(record))
    if (!MAPPED.has(key) && !(CODER_FIELDS.includes(key) && coded[key]))
      extensions[`plover:${key}`] = value;
  const ploverCoding = {
    ...(coder ? { coder: { name: coder } } : {}),
    ...(version ? { codebook: `PLOVER ${version}` } : {}),
    ...(dateCoded ? { date: dateCoded } : {}),
  };

  const rawMode = typeof record.mode === "string" ? record.mode.trim() : "";
  const modeSpec = MODES[rawMode];
  if (!rawMode) summary.note("CONSULT records without a mode");
  else if (!modeSpec)
    summary.warn({
      code: "mode-unknown",
      message: `mode '${rawMode}' is not a PLOVER CONSULT mode this importer knows`,
      ...where,
    });

  const date = typeof record.date === "string" ? record.date : undefined;
  if (date === PLOVER_PLACEHOLDER_DATE) {
    summary.warn({
      code: "placeholder-date",
      message: `date ${date} is the GSR's placeholder; left absent`,
      ...where,
    });
  } else if (date) {
    summary.warn({
      code: "date-not-mapped",
      message: `date '${date}' kept in extensions only`,
      ...where,
    });
  }

  const participants: Participant[] = [];
  const sourceActors = actorList(context, record.source, "source", where);
  const targetActors = actorList(context, record.target, "target", where);
  for (const actor of sourceActors)
    participants.push(participant(context, actor, "source", modeSpec?.sourceSide, where));
  for (const actor of targetActors)
    participants.push(participant(context, actor, "target", modeSpec?.targetSide, where));

  let location: Event["location"];
  if (typeof record.eventLoc === "object" && record.eventLoc !== null) {
    const loc = record.eventLoc as Record<string, unknown>;
    const name = typeof loc.name === "string" && loc.name.trim() ? loc.name.trim() : undefined;
    const rawCountry = typeof loc["country code"] === "string" ? loc["country code"] : undefined;
    const country = mapCountry(context, rawCountry, where, "eventLoc country code");
    location = { ...(name ? { name } : {}), ...(country ? { country } : {}) };
    extensions["plover:eventLoc"] = record.eventLoc;
  }

  const text = typeof record.text === "string" && record.text.trim() ? record.text : undefined;
  if (!text)
    summary.warn({
      code: "no-source-text",
      message: `record ${id} has no source sentence`,
      ...where,
    });
  // "Meeting of <sources> with <targets>", in the words of the coded sentence.
  const texts = (actors: PloverActor[]) =>
    actors
      .map((actor) => (typeof actor.actorText === "string" ? actor.actorText.trim() : ""))
      .filter(Boolean);
  const sides = [listOf(texts(sourceActors)), listOf(texts(targetActors))].filter(Boolean);
  const title =
    sides.length === 2
      ? `Meeting of ${sides[0]} with ${sides[1]}`
      : sides[0]
        ? `Meeting of ${sides[0]}`
        : undefined;
  return {
    type: "event",
    id: makeId("plover", id),
    kind: "meeting",
    ...(title ? { title } : {}),
    ...(modeSpec?.mode ? { mode: modeSpec.mode } : {}),
    ...(location && Object.keys(location).length > 0 ? { location } : {}),
    ...(participants.length > 0 ? { participants } : {}),
    codes: { plover: "CONSULT", ...(rawMode ? { ploverMode: rawMode } : {}) },
    codings: [
      {
        scheme: "plover",
        code: "CONSULT",
        ...(rawMode ? { mode: rawMode } : {}),
        ...(Object.keys(ploverCoding).length > 0 ? { coding: ploverCoding } : {}),
      },
    ],
    identifiers: { other: [{ scheme: "plover", value: id }] },
    citations: [
      { source: sourceId, locator: id, ...(text ? { excerpt: text } : {}), certainty: "reported" },
    ],
    extensions,
  };
}

/** `source` and `target` come as a list, missing, or "" (an empty string for an empty list). */
function actorList(
  context: ImportContext,
  value: unknown,
  field: string,
  where: Where,
): PloverActor[] {
  if (value === undefined) return [];
  if (value === "") {
    context.summary.warn({
      code: "actor-list-empty-string",
      message: `'${field}' is "" instead of a list`,
      ...where,
    });
    return [];
  }
  if (!Array.isArray(value)) {
    context.summary.warn({
      code: "actor-list-malformed",
      message: `'${field}' is not a list; kept in extensions`,
      ...where,
    });
    return [];
  }
  return value.filter((actor): actor is PloverActor => typeof actor === "object" && actor !== null);
}

function participant(
  context: ImportContext,
  actor: PloverActor,
  list: "source" | "target",
  side: "host" | "guest" | undefined,
  where: Where,
): Participant {
  const text = typeof actor.actorText === "string" ? actor.actorText.trim() : "";
  const code = typeof actor.code === "string" ? actor.code.trim() : "";
  const country = code ? mapCountry(context, code, where, `${list} actor code`) : undefined;
  const extensions: Record<string, unknown> = { "plover:list": list };
  for (const [key, value] of Object.entries(actor))
    if (key !== "actorText") extensions[`plover:${key}`] = value;
  context.summary.unresolved("actor known by its mention text");
  return {
    unresolved: text
      ? { name: text }
      : { description: `${list} actor of a PLOVER record, mention text not given` },
    ...(side ? { side } : {}),
    ...(country ? { represents: { country } } : {}),
    extensions,
  };
}
