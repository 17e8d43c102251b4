import {
  type DatasetMetadata,
  type Event,
  type LoadProblem,
  normalizeCountry,
  ParleyDataset,
  type ParleyRecord,
  parseDataset,
  type Quote,
  type RecordType,
  type RecordTypeMap,
  type ReportingStep,
  type Source,
  type TimelineEntry,
} from "@parley/sdk";
import { eventTitle } from "./logic/titles";

/**
 * The explorer's read model of one dataset: a thin layer over @parley/sdk's ParleyDataset (all
 * queries are the SDK's) that adds what only a viewer needs: display labels, the filter form's
 * combination of queries, and the reporting chain as a tree for nested lists.
 */
export interface DatasetInfo {
  title: string;
  schemaVersion: string;
  description?: string;
  /** Where it came from: "bundled seed" or the file name. */
  origin: string;
}

export interface EventFilters {
  kind?: string;
  country?: string;
  person?: string;
  organization?: string;
  format?: string;
  from?: string;
  to?: string;
  text?: string;
}

export interface ChainLink {
  relation: string;
  source: Source | undefined;
  sourceId: string;
  chain: ChainLink[];
}

export class ExplorerData {
  #timeline: Event[] | undefined;
  /** Country names by code: labels are asked for once per event on a 100,000-record dataset. */
  readonly #countryNames = new Map<string, string>();
  /** False for a slice: names not given with it are shown as codes. */
  #nameCountries = true;

  constructor(
    readonly info: DatasetInfo,
    readonly dataset: ParleyDataset,
  ) {}

  /** Loads either form (JSON document or NDJSON); bad records end up in `problems`, not dropped silently. */
  static fromText(text: string, origin: string): ExplorerData {
    const dataset = parseDataset(text.replace(/^\uFEFF/, ""));
    return new ExplorerData(ExplorerData.infoOf(dataset.metadata, origin), dataset);
  }

  /**
   * The records one page needs (a slice the data worker cut from the whole dataset), as a
   * dataset of their own. They were checked against the schema when the whole was loaded.
   */
  static fromSlice(
    info: DatasetInfo,
    records: readonly unknown[],
    countryNames: Readonly<Record<string, string>>,
  ): ExplorerData {
    const data = new ExplorerData(
      info,
      ParleyDataset.fromRecords(
        records,
        { schemaVersion: info.schemaVersion },
        { validate: false },
      ),
    );
    // Names come with the slice: the country table is built in the worker, not on the page.
    for (const [code, name] of Object.entries(countryNames)) data.#countryNames.set(code, name);
    data.#nameCountries = false;
    return data;
  }

  static infoOf(metadata: DatasetMetadata | undefined = {}, origin: string): DatasetInfo {
    const info: DatasetInfo = {
      title: typeof metadata.title === "string" ? metadata.title : origin,
      schemaVersion:
        typeof metadata.schemaVersion === "string" ? metadata.schemaVersion : "unknown",
      origin,
    };
    if (typeof metadata.description === "string") info.description = metadata.description;
    return info;
  }

  get records(): readonly ParleyRecord[] {
    return this.dataset.records;
  }

  /** Problems the SDK met while loading (records that fail the schema are listed, not shown). */
  get problems(): readonly LoadProblem[] {
    return this.dataset.problems;
  }

  get(id: string): ParleyRecord | undefined {
    return this.dataset.get(id);
  }

  ofType<T extends RecordType>(type: T): readonly RecordTypeMap[T][] {
    return this.dataset.ofType(type);
  }

  /** Events in chronological order (partial dates as spans); undated events last. Computed once. */
  timeline(): Event[] {
    this.#timeline ??= this.dataset.timeline().map((entry) => entry.record as Event);
    return this.#timeline;
  }

  /** The SDK's timeline entries: events, and on request quotes (said on) and sources (published). */
  timelineEntries(include: readonly ("event" | "quote" | "source")[]): readonly TimelineEntry[] {
    return this.dataset.timeline({ include });
  }

  quotes(): readonly Quote[] {
    return this.dataset.ofType("quote");
  }

  quotesByEvent(eventId: string): readonly Quote[] {
    return this.dataset.quotesByEvent(eventId);
  }

  quotesBySpeaker(speakerId: string): readonly Quote[] {
    return this.dataset.quotesBySpeaker(speakerId);
  }

  /** The filter form: each filter is one SDK query; the result is their intersection, in timeline order. */
  eventsWhere(filters: EventFilters): Event[] {
    const sets: Set<Event>[] = [];
    if (filters.kind)
      sets.push(new Set(this.ofType("event").filter((event) => event.kind === filters.kind)));
    if (filters.country)
      sets.push(new Set(this.dataset.eventsByParticipant({ country: filters.country })));
    if (filters.person)
      sets.push(new Set(this.dataset.eventsByParticipant({ person: filters.person })));
    if (filters.organization)
      sets.push(new Set(this.dataset.eventsByOrganization(filters.organization)));
    if (filters.format) sets.push(new Set(this.dataset.eventsByFormat(filters.format)));
    if (filters.from || filters.to) {
      sets.push(new Set(this.dataset.eventsInRange(filters.from ?? "0000", filters.to ?? "9999")));
    }
    const text = filters.text?.toLowerCase();
    return this.timeline().filter(
      (event) =>
        sets.every((set) => set.has(event)) &&
        (!text ||
          `${this.eventTitle(event)} ${event.id} ${event.location?.name ?? ""}`
            .toLowerCase()
            .includes(text)),
    );
  }

  /** The SDK's breadth-first reporting chain, as a tree rooted at one source. */
  reportingChain(sourceId: string): ChainLink[] {
    const steps = this.dataset.reportingChain(sourceId);
    const from = new Map<string, ReportingStep[]>();
    for (const step of steps) from.set(step.from, [...(from.get(step.from) ?? []), step]);
    const build = (id: string, path: Set<string>): ChainLink[] =>
      (from.get(id) ?? []).map((step) => ({
        relation: step.relation,
        sourceId: step.to,
        source: step.source,
        // A cycle is shown once: the repeated source appears without its links again.
        chain: path.has(step.to) ? [] : build(step.to, new Set(path).add(step.to)),
      }));
    return build(sourceId, new Set([sourceId]));
  }

  /** Ids of the records that refer to the given id, in input order, each once. */
  referrers(id: string): string[] {
    return [...new Set(this.dataset.mentionsOf(id).map((m) => m.record.id))];
  }

  /** Ids of the persons and organizations that have quotes. */
  speakers(): string[] {
    const ids = new Set<string>();
    for (const q of this.quotes()) {
      if ("person" in q.speaker) ids.add(q.speaker.person);
      else if ("organization" in q.speaker) ids.add(q.speaker.organization);
    }
    return [...ids];
  }

  /** Every country code that participants of events represent (what the country filter can find). */
  countries(): string[] {
    const codes = new Set<string>();
    for (const event of this.ofType("event")) {
      for (const p of event.participants ?? [])
        if (p.represents && "country" in p.represents) codes.add(p.represents.country);
    }
    return [...codes].sort();
  }

  /** A human name for any record id; the id itself when the record is missing. */
  label(id: string): string {
    const record = this.get(id);
    if (!record) return id;
    switch (record.type) {
      case "person":
        return record.names[0]?.value ?? id;
      case "organization":
        return record.acronym && record.names[0]?.value !== record.acronym
          ? `${record.names[0]?.value ?? id} (${record.acronym})`
          : (record.names[0]?.value ?? id);
      case "format":
        return record.name;
      case "event":
        return this.eventTitle(record);
      case "source": {
        if (record.title) return record.title;
        const publisher =
          record.publisher && "organization" in record.publisher
            ? this.label(record.publisher.organization)
            : record.publisher?.name;
        const kind = record.kind?.replace(/-/g, " ");
        if (publisher) return kind ? `${publisher}: ${kind}` : publisher;
        return kind ? `${kind} (${id})` : id;
      }
      case "quote":
        return record.text.length > 60 ? `${record.text.slice(0, 57)}…` : record.text;
      case "post":
        return record.label;
    }
  }

  /** The event's title, or a readable stand-in ("visit · Paris · 1905-05-22") when it has none. */
  eventTitle(event: Event): string {
    return eventTitle(event, (code) => this.countryName(code));
  }

  /** The English short name of a country code, by the SDK's normaliser; the code when unknown. */
  countryName(code: string): string {
    let name = this.#countryNames.get(code);
    if (name === undefined && !this.#nameCountries) return code;
    if (name === undefined) {
      const result = normalizeCountry(code);
      name = result.match && result.code === code ? result.name : code;
      this.#countryNames.set(code, name);
    }
    return name;
  }
}
