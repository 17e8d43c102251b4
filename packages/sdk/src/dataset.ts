import {
  DatasetHeader as DatasetHeaderSchema,
  RECORD_SCHEMAS,
  ParleyRecord as RecordSchema,
  SCHEMA_VERSION,
} from "@parley/schema";
import { issuesOf } from "./build";
import { type PartialDateLike, parsePartialDate, partialDateSpan } from "./dates";
import type { ReferenceField } from "./generated/references.gen";
import {
  type Event,
  type ParleyRecord,
  type PartialDate,
  type Quote,
  RECORD_TYPES,
  type RecordType,
  type RecordTypeMap,
  type Source,
} from "./generated/types.gen";
import { foldName } from "./normalize/text";
import { forEachReference } from "./references";
import { type DatasetStats, datasetStats } from "./stats";

/**
 * The dataset's metadata: everything in the JSON document except `records` (schemaVersion,
 * title, description, publisher, license, created, extensions, an editor's `$schema`, and any
 * key the standard does not know, which is kept and reported rather than dropped).
 */
export type DatasetMetadata = Record<string, unknown> & {
  schemaVersion?: string;
  title?: string;
};

/** A problem met while loading: where it is (line or record index, path) and what is wrong. */
export interface LoadProblem {
  /** 1-based line of an NDJSON input. */
  line?: number;
  /** 0-based index of the record in the JSON document's `records`, or in the order read. */
  index?: number;
  recordId?: string;
  /** Path inside the record or header ("" for the whole of it). */
  path: string;
  message: string;
  code: string;
  /** The input text of a line that could not be read as JSON, kept so nothing is lost. */
  raw?: string;
}

/** A reference whose target is not in the dataset, or is a record of another type. */
export interface DanglingReference {
  recordId: string;
  recordType: RecordType;
  /** Concrete path in the record: "participants/0/person". */
  path: string;
  id: string;
  /** The record type the field must point at. */
  expected: RecordType;
  problem: "missing" | "wrong-type";
  /** For "wrong-type": the type of the record that has the id. */
  actual?: RecordType;
}

/** An incoming reference: which record points at an id, from which field. */
export interface Mention {
  record: ParleyRecord;
  field: ReferenceField;
  path: string;
}

/** One link of a chain of reporting, found by following sources' `reports`. */
export interface ReportingStep {
  /** The source that reports. */
  from: string;
  /** The earlier source it cites, derives from, republishes or corroborates. */
  to: string;
  relation: string;
  /** 1 for links of the starting sources, 2 for the links of the sources they report, … */
  depth: number;
  /** The earlier source's record; undefined when it is not in the dataset (a dangling reference). */
  source: Source | undefined;
}

export interface TimelineEntry {
  record: ParleyRecord;
  /** Which field dates the record: an event's `date`, a quote's `saidOn`, a source's `published`. */
  field: "date" | "saidOn" | "published" | undefined;
  date: PartialDate | undefined;
  endDate: PartialDate | undefined;
}

export interface LoadOptions {
  /**
   * Check every record against the schema (default true). Invalid records are kept (saved
   * back as they came) but are not indexed; their problems are listed in `problems`.
   */
  validate?: boolean;
}

/** A record as it came, with whether it is valid and so indexed. */
interface Entry {
  record: Record<string, unknown>;
  valid: boolean;
}

type EventParticipantQuery = { person: string } | { organization: string } | { country: string };

/** An actor a statement can be about (standard 1.2's `about`): a record, or a country. */
export type AboutQuery =
  | { person: string }
  | { organization: string }
  | { post: string }
  | { country: string };

/** An event outcome together with its event, as `statementsAbout` returns it. */
export interface OutcomeOfEvent {
  event: Event;
  outcome: NonNullable<Event["outcomes"]>[number];
  /** Its index in the event's `outcomes`. */
  index: number;
}

function actorMatches(actor: object, query: AboutQuery): boolean {
  const [[key, value]] = Object.entries(query) as [[string, string]];
  return (actor as Record<string, unknown>)[key] === value;
}

const PARTICIPANT_PERSON = "participants/*/person";
const PARTICIPANT_ORGANIZATION = new Set([
  "participants/*/organization",
  "participants/*/represents/organization",
]);
const FORMAT_LINK = "formats/*/format";
const SPEAKER = new Set(["speaker/person", "speaker/organization"]);
const SAID_AT = "saidAt";

function fieldPath(field: ReferenceField): string {
  return field.path.join("/");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A loaded Parley dataset with its indexes. Loading never throws on bad records or dangling
 * references: they are reported in `problems` and `danglingReferences()`; records are kept
 * exactly as given (key order, extension fields, unknown keys), so saving is lossless.
 */
export class ParleyDataset {
  readonly metadata: DatasetMetadata | undefined;
  readonly problems: readonly LoadProblem[];
  /** The valid records, in input order. */
  readonly records: readonly ParleyRecord[];
  readonly #entries: readonly Entry[];
  readonly #documentKeys: readonly string[] | undefined;
  readonly #byId = new Map<string, ParleyRecord>();
  readonly #byType = new Map<RecordType, ParleyRecord[]>();
  readonly #order = new Map<ParleyRecord, number>();
  readonly #mentions = new Map<string, Mention[]>();
  readonly #eventsByCountry = new Map<string, Event[]>();
  readonly #dangling: DanglingReference[] = [];

  constructor(
    entries: readonly Entry[],
    metadata: DatasetMetadata | undefined,
    problems: readonly LoadProblem[],
    documentKeys?: readonly string[],
  ) {
    this.#entries = entries;
    this.metadata = metadata;
    this.#documentKeys = documentKeys;
    const allProblems = [...problems];
    const records: ParleyRecord[] = [];
    entries.forEach((entry, index) => {
      if (!entry.valid) return;
      const record = entry.record as ParleyRecord;
      if (this.#byId.has(record.id)) {
        allProblems.push({
          index,
          recordId: record.id,
          path: "id",
          code: "duplicate-id",
          message: `Duplicate id '${record.id}': queries by id return the first record with it`,
        });
      } else {
        this.#byId.set(record.id, record);
      }
      this.#order.set(record, records.length);
      records.push(record);
      const ofType = this.#byType.get(record.type) ?? [];
      ofType.push(record);
      this.#byType.set(record.type, ofType);
    });
    this.records = records;
    this.problems = allProblems;
    for (const record of records) {
      forEachReference(record, ({ field, path, id }) => {
        const list = this.#mentions.get(id) ?? [];
        list.push({ record, field, path });
        this.#mentions.set(id, list);
        const target = this.#byId.get(id);
        if (!target || target.type !== field.target) {
          this.#dangling.push({
            recordId: record.id,
            recordType: record.type,
            path,
            id,
            expected: field.target,
            problem: target ? "wrong-type" : "missing",
            ...(target ? { actual: target.type } : {}),
          });
        }
      });
      if (record.type === "event") {
        const countries = new Set<string>();
        for (const participant of record.participants ?? []) {
          const country =
            participant.represents && "country" in participant.represents
              ? participant.represents.country
              : undefined;
          if (country) countries.add(country);
        }
        for (const country of countries) {
          const list = this.#eventsByCountry.get(country) ?? [];
          list.push(record);
          this.#eventsByCountry.set(country, list);
        }
      }
    }
  }

  /** Builds a dataset from records in memory (validated like loaded ones). */
  static fromRecords(
    records: readonly unknown[],
    metadata: DatasetMetadata = { schemaVersion: SCHEMA_VERSION },
    options: LoadOptions = {},
  ): ParleyDataset {
    const problems: LoadProblem[] = [];
    const entries = records.map((record, index) =>
      checkRecord(record, { index }, options, problems),
    );
    return new ParleyDataset(
      entries.filter((entry) => entry !== undefined),
      metadata,
      problems,
    );
  }

  /** Records that failed validation, as they came; they are saved back but not indexed. */
  get invalidRecords(): readonly Record<string, unknown>[] {
    return this.#entries.filter((entry) => !entry.valid).map((entry) => entry.record);
  }

  /** The record with this id, or undefined. */
  get(id: string): ParleyRecord | undefined {
    return this.#byId.get(id);
  }

  /** The record with this id when it is of the given type. */
  getAs<T extends RecordType>(type: T, id: string): RecordTypeMap[T] | undefined {
    const record = this.#byId.get(id);
    return record?.type === type ? (record as RecordTypeMap[T]) : undefined;
  }

  /** All records of a type, in input order. */
  ofType<T extends RecordType>(type: T): readonly RecordTypeMap[T][] {
    return (this.#byType.get(type) ?? []) as RecordTypeMap[T][];
  }

  /** Every reference to an id, from any record, in input order. */
  mentionsOf(id: string): readonly Mention[] {
    return this.#mentions.get(id) ?? [];
  }

  /** References whose target is missing or of the wrong type. Never thrown: listed here. */
  danglingReferences(): readonly DanglingReference[] {
    return this.#dangling;
  }

  #recordsMentioning<T extends RecordType>(
    type: T,
    id: string,
    accept: (field: ReferenceField) => boolean,
  ): RecordTypeMap[T][] {
    const found = new Set<ParleyRecord>();
    for (const mention of this.mentionsOf(id)) {
      if (mention.record.type === type && accept(mention.field)) found.add(mention.record);
    }
    return this.#inOrder([...found]) as RecordTypeMap[T][];
  }

  #inOrder<T extends ParleyRecord>(records: T[]): T[] {
    return records.sort((a, b) => (this.#order.get(a) ?? 0) - (this.#order.get(b) ?? 0));
  }

  /**
   * Events in which a person, an organization or a country took part. A person or an
   * organization is a participant when named as one; an organization also when a participant
   * represents it; a country when a participant represents it (the seed's ambassadors).
   */
  eventsByParticipant(query: EventParticipantQuery): readonly Event[] {
    if ("person" in query)
      return this.#recordsMentioning(
        "event",
        query.person,
        (field) => fieldPath(field) === PARTICIPANT_PERSON,
      );
    if ("organization" in query) {
      return this.#recordsMentioning("event", query.organization, (field) =>
        PARTICIPANT_ORGANIZATION.has(fieldPath(field)),
      );
    }
    return this.#eventsByCountry.get(query.country) ?? [];
  }

  /** Events held in or discussing a format; `link` narrows to one of the two. */
  eventsByFormat(formatId: string, link?: "held-in" | "discussed"): readonly Event[] {
    return this.#recordsMentioning(
      "event",
      formatId,
      (field) => fieldPath(field) === FORMAT_LINK,
    ).filter(
      (event) =>
        link === undefined ||
        (event.formats ?? []).some((f) => f.format === formatId && f.link === link),
    );
  }

  /**
   * Events that involve an organization in any way: as a participant, as represented by a
   * participant, as an organization discussed (`organizations`) or as holder of an outcome.
   */
  eventsByOrganization(organizationId: string): readonly Event[] {
    return this.#recordsMentioning(
      "event",
      organizationId,
      (field) => field.target === "organization",
    );
  }

  /**
   * Events whose span overlaps [from, to] (to defaults to from). Partial dates are spans:
   * "2022-11" overlaps an event of "2022-11-17"; an event with an end date spans to it.
   * Undated events are not returned.
   */
  eventsInRange(from: PartialDateLike, to?: PartialDateLike): readonly Event[] {
    const range = partialDateSpan(from, to);
    return this.ofType("event").filter((event) => {
      if (!event.date) return false;
      const span = partialDateSpan(event.date, event.endDate ?? event.date);
      return span.start <= range.end && range.start <= span.end;
    });
  }

  /**
   * Events held at a place: by `location.country` (ISO alpha-3), `location.geonames` or
   * `location.name` (compared without case or accents); every given part must match.
   */
  eventsByLocation(query: {
    country?: string;
    geonames?: string;
    name?: string;
  }): readonly Event[] {
    const name = query.name === undefined ? undefined : foldName(query.name);
    return this.ofType("event").filter((event) => {
      const location = event.location;
      if (!location) return false;
      if (query.country !== undefined && location.country !== query.country.toUpperCase())
        return false;
      if (query.geonames !== undefined && location.geonames !== query.geonames) return false;
      if (name !== undefined && (location.name === undefined || foldName(location.name) !== name))
        return false;
      return query.country !== undefined || query.geonames !== undefined || name !== undefined;
    });
  }

  /**
   * Records that cite a source anywhere (their own citations or their parts'), in input order;
   * `type` narrows to one record type (`eventsBySource` is `recordsBySource(id, "event")`).
   */
  recordsBySource<T extends RecordType = RecordType>(
    sourceId: string,
    type?: T,
  ): readonly RecordTypeMap[T][] {
    const found = new Set<ParleyRecord>();
    for (const mention of this.mentionsOf(sourceId)) {
      if (mention.field.declaredIn !== "Citation") continue;
      if (type === undefined || mention.record.type === type) found.add(mention.record);
    }
    return this.#inOrder([...found]) as RecordTypeMap[T][];
  }

  /** Events that cite a source, in their own citations or their participants', outcomes' … */
  eventsBySource(sourceId: string): readonly Event[] {
    return this.recordsBySource(sourceId, "event");
  }

  /**
   * What the dataset contains, in figures (`parley stats` prints the same): records by type,
   * events by kind, mode, year and country, top participants and formats, date precision,
   * unresolved participants, sources and reporting chains, field fill rates. Counts every
   * record, the invalid ones too (validity is the validator's job).
   */
  stats(): DatasetStats {
    return datasetStats(this.#entries.map((entry) => entry.record));
  }

  /** Quotes whose speaker is the person or organization. */
  quotesBySpeaker(speakerId: string): readonly Quote[] {
    return this.#recordsMentioning("quote", speakerId, (field) => SPEAKER.has(fieldPath(field)));
  }

  /**
   * Quotes about an actor (standard 1.2's `about`): "quotes about the EU" is
   * `quotesAbout({ organization: "org:european-union" })`. Only what the dataset's editor said a
   * quote is about counts, not every actor its text mentions.
   */
  quotesAbout(query: AboutQuery): readonly Quote[] {
    return this.ofType("quote").filter((quote) =>
      (quote.about ?? []).some((actor) => actorMatches(actor, query)),
    );
  }

  /** Everything said about an actor: quotes (`quotesAbout`) and event outcomes whose `about` names it. */
  statementsAbout(query: AboutQuery): {
    quotes: readonly Quote[];
    outcomes: readonly OutcomeOfEvent[];
  } {
    const outcomes: OutcomeOfEvent[] = [];
    for (const event of this.ofType("event")) {
      (event.outcomes ?? []).forEach((outcome, index) => {
        if ((outcome.about ?? []).some((actor) => actorMatches(actor, query)))
          outcomes.push({ event, outcome, index });
      });
    }
    return { quotes: this.quotesAbout(query), outcomes };
  }

  /** Quotes said at the event. */
  quotesByEvent(eventId: string): readonly Quote[] {
    return this.#recordsMentioning("quote", eventId, (field) => fieldPath(field) === SAID_AT);
  }

  /** Ids of the sources cited anywhere in a record (its citations and its parts'), first citation first. */
  citedSourceIds(recordId: string): readonly string[] {
    const record = this.#byId.get(recordId);
    if (!record) return [];
    const ids: string[] = [];
    forEachReference(record, ({ field, id }) => {
      if (field.declaredIn === "Citation" && !ids.includes(id)) ids.push(id);
    });
    return ids;
  }

  /** The source records cited by a record (missing ones are in danglingReferences()). */
  sourcesOf(recordId: string): readonly Source[] {
    return this.citedSourceIds(recordId)
      .map((id) => this.getAs("source", id))
      .filter((source): source is Source => source !== undefined);
  }

  /**
   * The chain of reporting behind sources: each source's `reports` links, then those of the
   * sources they reach, breadth first; every link once, cycles followed only once.
   */
  reportingChain(sourceIds: string | readonly string[]): readonly ReportingStep[] {
    const queue: Array<{ id: string; depth: number }> = (
      typeof sourceIds === "string" ? [sourceIds] : [...sourceIds]
    ).map((id) => ({ id, depth: 0 }));
    const expanded = new Set<string>();
    const steps: ReportingStep[] = [];
    while (queue.length > 0) {
      const { id, depth } = queue.shift() as { id: string; depth: number };
      if (expanded.has(id)) continue;
      expanded.add(id);
      const source = this.getAs("source", id);
      for (const link of source?.reports ?? []) {
        steps.push({
          from: id,
          to: link.source,
          relation: link.relation,
          depth: depth + 1,
          source: this.getAs("source", link.source),
        });
        queue.push({ id: link.source, depth: depth + 1 });
      }
    }
    return steps;
  }

  /** The sources behind a record and their chain of reporting. */
  sourcesBehind(recordId: string): { sources: readonly Source[]; chain: readonly ReportingStep[] } {
    const sources = this.sourcesOf(recordId);
    return { sources, chain: this.reportingChain(sources.map((source) => source.id)) };
  }

  /**
   * A chronological timeline of events (and, on request, quotes by `saidOn` and sources by
   * `published`). Ordered by first day, then last day, then input order; undated records last.
   */
  timeline(
    options: { include?: readonly ("event" | "quote" | "source")[] } = {},
  ): readonly TimelineEntry[] {
    const include = new Set(options.include ?? ["event"]);
    const dated: TimelineEntry[] = [];
    const undated: TimelineEntry[] = [];
    for (const record of this.records) {
      let entry: TimelineEntry | undefined;
      if (record.type === "event" && include.has("event")) {
        entry = {
          record,
          field: record.date ? "date" : undefined,
          date: record.date,
          endDate: record.endDate,
        };
      } else if (record.type === "quote" && include.has("quote")) {
        entry = {
          record,
          field: record.saidOn ? "saidOn" : undefined,
          date: record.saidOn,
          endDate: undefined,
        };
      } else if (record.type === "source" && include.has("source")) {
        entry = {
          record,
          field: record.published ? "published" : undefined,
          date: record.published,
          endDate: undefined,
        };
      }
      if (!entry) continue;
      (entry.date ? dated : undated).push(entry);
    }
    // Each date is parsed once, not at every comparison: a sort makes n log n of them, which
    // on 30,000 events took seconds. The order is comparePartialDates' (first day, then last
    // day), then the end date's last day, then input order.
    const keyed = dated.map((entry) => {
      const date = parsePartialDate(entry.date as PartialDate);
      return {
        entry,
        start: date.start,
        end: date.end,
        last: entry.endDate ? parsePartialDate(entry.endDate).end : date.end,
        order: this.#order.get(entry.record) ?? 0,
      };
    });
    keyed.sort((a, b) => {
      if (a.start !== b.start) return a.start < b.start ? -1 : 1;
      if (a.end !== b.end) return a.end < b.end ? -1 : 1;
      if (a.last !== b.last) return a.last < b.last ? -1 : 1;
      return a.order - b.order;
    });
    return [...keyed.map((k) => k.entry), ...undated];
  }

  /** The JSON document form: metadata and every record as given (invalid ones included). */
  toJSON(metadata: DatasetMetadata = {}): Record<string, unknown> {
    const merged: DatasetMetadata = { ...(this.metadata ?? {}), ...metadata };
    if (merged.schemaVersion === undefined) merged.schemaVersion = SCHEMA_VERSION;
    if (merged.title === undefined) {
      throw new Error(
        "This dataset has no title (its NDJSON form had no header line): pass one, e.g. toJSON({ title: '…' })",
      );
    }
    const records = this.#entries.map((entry) => entry.record);
    const keys = this.#documentKeys ?? ["schemaVersion", ...Object.keys(merged), "records"];
    const document: Record<string, unknown> = {};
    for (const key of keys) {
      if (key === "records") document.records = records;
      else if (key in merged) document[key] = merged[key];
    }
    for (const [key, value] of Object.entries(merged))
      if (!(key in document)) document[key] = value;
    if (!("records" in document)) document.records = records;
    return document;
  }

  /** The JSON document as text, two-space indented, with a final newline. */
  toJsonString(metadata?: DatasetMetadata): string {
    return `${JSON.stringify(this.toJSON(metadata), null, 2)}\n`;
  }

  /**
   * The NDJSON form: a header line (when the dataset has metadata), then one record per line.
   * The header has no place for a JSON document's `$schema` (an editor hint for the document
   * form), so that one key is not written.
   */
  toNdjson(): string {
    const lines: string[] = [];
    if (this.metadata) {
      const { $schema: _editorHint, type: _type, ...rest } = this.metadata;
      lines.push(JSON.stringify({ type: "dataset", ...rest }));
    }
    for (const entry of this.#entries) lines.push(JSON.stringify(entry.record));
    return `${lines.join("\n")}\n`;
  }
}

function checkRecord(
  value: unknown,
  where: { index?: number; line?: number },
  options: LoadOptions,
  problems: LoadProblem[],
): Entry | undefined {
  if (!isObject(value)) {
    problems.push({
      ...where,
      path: "",
      code: "not-an-object",
      message: `A record must be a JSON object, not ${value === null ? "null" : Array.isArray(value) ? "an array" : typeof value}`,
      raw: JSON.stringify(value),
    });
    return undefined;
  }
  const recordId = typeof value.id === "string" ? value.id : undefined;
  if (options.validate === false) {
    const known =
      typeof value.type === "string" && (RECORD_TYPES as readonly string[]).includes(value.type);
    if (!known || recordId === undefined) {
      problems.push({
        ...where,
        recordId,
        path: known ? "id" : "type",
        code: known ? "missing-id" : "unknown-record-type",
        message: known
          ? "The record has no string id"
          : `Unknown record type '${String(value.type)}'`,
      });
      return { record: value, valid: false };
    }
    return { record: value, valid: true };
  }
  const result = RecordSchema.safeParse(value, { reportInput: true });
  if (result.success) return { record: value, valid: true };
  // The record type's own schema names a union's forms in the messages.
  const typeSchema = RECORD_SCHEMAS[value.type as keyof typeof RECORD_SCHEMAS];
  for (const issue of issuesOf(result.error, typeSchema))
    problems.push({ ...where, recordId, ...issue });
  return { record: value, valid: false };
}

function checkMetadata(
  metadata: DatasetMetadata,
  where: { line?: number },
  problems: LoadProblem[],
): void {
  const { $schema: _editorHint, ...rest } = metadata;
  const result = DatasetHeaderSchema.safeParse({ ...rest, type: "dataset" }, { reportInput: true });
  if (!result.success) {
    for (const issue of issuesOf(result.error, DatasetHeaderSchema))
      problems.push({ ...where, ...issue, path: issue.path });
  }
  const major =
    typeof metadata.schemaVersion === "string" ? metadata.schemaVersion.split(".")[0] : undefined;
  if (major !== undefined && major !== SCHEMA_VERSION.split(".")[0]) {
    problems.push({
      ...where,
      path: "schemaVersion",
      code: "unsupported-version",
      message: `The dataset follows Parley ${metadata.schemaVersion}; this SDK reads ${SCHEMA_VERSION}. Migrate it first (parley migrate).`,
    });
  }
}

function jsonParseError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A JSON syntax error of a whole document, with the line and column of the position V8 reports. */
function documentSyntaxError(text: string, error: unknown): SyntaxError {
  const message = jsonParseError(error);
  const position = /position (\d+)/.exec(message)?.[1];
  if (position === undefined) return new SyntaxError(`The dataset is not valid JSON: ${message}`);
  const before = text.slice(0, Number(position));
  const line = before.split("\n").length;
  const column = Number(position) - before.lastIndexOf("\n");
  return new SyntaxError(
    `The dataset is not valid JSON at line ${line}, column ${column}: ${message}`,
  );
}

/**
 * Reads a dataset in the JSON document form, from text or an already parsed object.
 * @throws Error only when the input is not a JSON object at all (nothing to load).
 */
export function parseDatasetJson(
  input: string | unknown,
  options: LoadOptions = {},
): ParleyDataset {
  let document: unknown = input;
  if (typeof input === "string") {
    try {
      document = JSON.parse(input);
    } catch (error) {
      throw documentSyntaxError(input, error);
    }
  }
  if (!isObject(document)) throw new TypeError("A Parley dataset document must be a JSON object");
  const problems: LoadProblem[] = [];
  const { records, ...metadata } = document;
  checkMetadata(metadata, {}, problems);
  const entries: Entry[] = [];
  if (!Array.isArray(records)) {
    problems.push({
      path: "records",
      code: "invalid_type",
      message: "The document has no `records` array",
    });
  } else {
    records.forEach((record, index) => {
      const entry = checkRecord(record, { index }, options, problems);
      if (entry) entries.push(entry);
    });
  }
  return new ParleyDataset(entries, metadata, problems, Object.keys(document));
}

/** Accumulates NDJSON lines, one at a time, into a dataset. */
class NdjsonReader {
  readonly #options: LoadOptions;
  readonly #problems: LoadProblem[] = [];
  readonly #entries: Entry[] = [];
  #metadata: DatasetMetadata | undefined;
  #line = 0;
  #seenRecord = false;

  constructor(options: LoadOptions) {
    this.#options = options;
  }

  push(text: string): void {
    this.#line += 1;
    const line = this.#line;
    const trimmed = text.trim();
    if (trimmed === "") return;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      this.#problems.push({
        line,
        path: "",
        code: "invalid-json",
        message: jsonParseError(error),
        raw: text,
      });
      return;
    }
    if (isObject(value) && value.type === "dataset") {
      if (this.#metadata || this.#seenRecord) {
        this.#problems.push({
          line,
          path: "",
          code: "misplaced-header",
          message: "A dataset header line may only be the first line; this one is ignored",
          raw: text,
        });
        return;
      }
      const { type: _type, ...metadata } = value;
      this.#metadata = metadata;
      checkMetadata(metadata, { line }, this.#problems);
      return;
    }
    this.#seenRecord = true;
    const entry = checkRecord(
      value,
      { line, index: this.#entries.length },
      this.#options,
      this.#problems,
    );
    if (entry) this.#entries.push(entry);
  }

  finish(): ParleyDataset {
    return new ParleyDataset(this.#entries, this.#metadata, this.#problems);
  }
}

/** Reads a dataset in the NDJSON form from text: an optional header line, then a record per line. */
export function parseDatasetNdjson(text: string, options: LoadOptions = {}): ParleyDataset {
  const reader = new NdjsonReader(options);
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  for (const line of lines) reader.push(line.endsWith("\r") ? line.slice(0, -1) : line);
  return reader.finish();
}

/** The part of a web ReadableStream the reader uses (declared here so no DOM types are needed). */
export interface ReadableStreamLike {
  getReader(): {
    read(): Promise<{ done: boolean; value?: string | Uint8Array }>;
    releaseLock(): void;
  };
}

export type TextSource = AsyncIterable<string | Uint8Array> | Iterable<string> | ReadableStreamLike;

async function* chunksOf(source: TextSource): AsyncGenerator<string | Uint8Array> {
  if (typeof (source as ReadableStreamLike).getReader === "function") {
    const reader = (source as ReadableStreamLike).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        if (value !== undefined) yield value;
      }
    } finally {
      reader.releaseLock();
    }
  }
  yield* source as AsyncIterable<string | Uint8Array> | Iterable<string>;
}

/**
 * Reads a dataset in the NDJSON form from a stream: an async iterable of lines or of chunks
 * of text or bytes (a Node stream, `fs.createReadStream`, a fetch body, a web ReadableStream).
 * Chunks may split lines anywhere, bytes anywhere inside a UTF-8 character.
 */
export async function readDatasetNdjson(
  source: TextSource,
  options: LoadOptions = {},
): Promise<ParleyDataset> {
  const reader = new NdjsonReader(options);
  const decoder = new TextDecoder("utf-8", { fatal: false });
  let pending = "";
  const feed = (text: string) => {
    const buffer = pending + text;
    let start = 0;
    let newline = buffer.indexOf("\n", start);
    while (newline !== -1) {
      const line = buffer.slice(start, newline);
      reader.push(line.endsWith("\r") ? line.slice(0, -1) : line);
      start = newline + 1;
      newline = buffer.indexOf("\n", start);
    }
    pending = buffer.slice(start);
  };
  for await (const chunk of chunksOf(source)) {
    feed(typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }));
  }
  feed(decoder.decode());
  if (pending !== "") reader.push(pending.endsWith("\r") ? pending.slice(0, -1) : pending);
  return reader.finish();
}

/**
 * Reads a dataset from text in either form: a JSON document (one object with `records`) or
 * NDJSON. The form is told by the text, not guessed from a file name.
 */
export function parseDataset(text: string, options: LoadOptions = {}): ParleyDataset {
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{")) {
    let whole: unknown;
    try {
      whole = JSON.parse(text);
    } catch (error) {
      // One JSON value per line is NDJSON; otherwise this is a broken JSON document, and its
      // syntax error (with line and column) says more than one invalid-json problem per line.
      const firstLine = trimmed.slice(
        0,
        trimmed.indexOf("\n") === -1 ? undefined : trimmed.indexOf("\n"),
      );
      if (!parsesAsJson(firstLine)) throw documentSyntaxError(text, error);
      return parseDatasetNdjson(text, options);
    }
    if (isObject(whole) && Array.isArray(whole.records)) return parseDatasetJson(whole, options);
  }
  return parseDatasetNdjson(text, options);
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
