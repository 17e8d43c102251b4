import { RECORD_TYPES, type RecordType } from "@parley/schema";
import { partialDateProblem } from "./dates";
import { tablesLayout } from "./tables/layout";

/**
 * What a dataset contains, in figures: the numbers `parley stats` prints and
 * `ParleyDataset.stats()` returns. Collected one record at a time (`DatasetStatsCollector`), so
 * a dataset of any size is counted without holding it: only names (for the top lists) and
 * reporting links (for the chains) are kept. Records are counted as given, valid or not
 * (validity is `parley validate`'s job); a field of the wrong shape is simply not counted.
 */
export interface DatasetStats {
  records: { total: number; byType: Record<RecordType, number>; unknownType: number };
  events: {
    total: number;
    byKind: Count[];
    byMode: Count[];
    /** By the year of `date` ('(undated)' last). */
    byYear: Count[];
    /** Countries represented by a participant (an event counts once per country). */
    byCountry: Count[];
    /** The country of `location`. */
    byLocationCountry: Count[];
    dates: {
      dated: number;
      undated: number;
      byPrecision: { day: number; month: number; year: number };
      /** Dated events with a part of the date inferred (`date.inferred`), approximate or uncertain. */
      inferred: number;
      approximate: number;
      uncertain: number;
      withEndDate: number;
    };
  };
  participants: {
    total: number;
    persons: number;
    organizations: number;
    /** Participants known only by name or description (`unresolved`). */
    unresolved: number;
    eventsWithUnresolved: number;
  };
  /** The most frequent participants and formats, by the number of events. */
  top: { persons: Ranked[]; organizations: Ranked[]; formats: Ranked[] };
  quotes: { total: number; withEvent: number; withResolvedSpeaker: number; topSpeakers: Ranked[] };
  sources: {
    total: number;
    byKind: Count[];
    /** Sources cited at least once by a record or a part of one. */
    cited: number;
    reporting: {
      /** Sources that report earlier sources (`reports`). */
      sourcesReporting: number;
      links: number;
      byRelation: Count[];
      /** The most steps from a source down its chain of reporting (cycles followed once). */
      longestChain: number;
    };
  };
  /** Per record type: how many records fill each top-level field. */
  fields: Record<RecordType, FieldFill[]>;
}

export interface Count {
  key: string;
  count: number;
}

export interface Ranked {
  id: string;
  /** The record's first name (or a format's name), when the dataset has the record. */
  name?: string;
  count: number;
}

export interface FieldFill {
  field: string;
  filled: number;
  /** filled / records of the type (0 when there are none). */
  rate: number;
}

const TOP = 10;
const UNDATED = "(undated)";
const NONE = "(none)";

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

class Counter {
  readonly #counts = new Map<string, number>();
  add(key: string, by = 1): void {
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + by);
  }
  /** Most frequent first, ties by key. */
  byCount(): Count[] {
    return [...this.#counts]
      .map(([key, count]) => ({ key, count }))
      .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
  /** By key (years), with `last` at the end. */
  byKey(last?: string): Count[] {
    return [...this.#counts]
      .map(([key, count]) => ({ key, count }))
      .sort((a, b) =>
        a.key === last ? 1 : b.key === last ? -1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
      );
  }
  top(n: number, names: Map<string, string>): Ranked[] {
    return this.byCount()
      .slice(0, n)
      .map(({ key, count }) => {
        const name = names.get(key);
        return name === undefined ? { id: key, count } : { id: key, name, count };
      });
  }
}

/** A filled field: present, and not an empty list, object or string. */
function filled(value: unknown): boolean {
  if (value === undefined || value === null || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isObject(value)) return Object.keys(value).length > 0;
  return true;
}

/** Counts records one at a time; `finish()` gives the figures. */
export class DatasetStatsCollector {
  readonly #byType = new Map<RecordType, number>(RECORD_TYPES.map((type) => [type, 0]));
  #unknownType = 0;
  #total = 0;
  readonly #kinds = new Counter();
  readonly #modes = new Counter();
  readonly #years = new Counter();
  readonly #countries = new Counter();
  readonly #locationCountries = new Counter();
  readonly #dates = {
    dated: 0,
    undated: 0,
    day: 0,
    month: 0,
    year: 0,
    inferred: 0,
    approximate: 0,
    uncertain: 0,
    withEndDate: 0,
  };
  readonly #participants = {
    total: 0,
    persons: 0,
    organizations: 0,
    unresolved: 0,
    eventsWithUnresolved: 0,
  };
  readonly #persons = new Counter();
  readonly #organizations = new Counter();
  readonly #formats = new Counter();
  readonly #speakers = new Counter();
  readonly #quotes = { total: 0, withEvent: 0, withResolvedSpeaker: 0 };
  readonly #sourceKinds = new Counter();
  readonly #relations = new Counter();
  readonly #cited = new Set<string>();
  readonly #reports = new Map<string, string[]>();
  readonly #names = new Map<string, string>();
  readonly #fill = new Map<RecordType, Counter>();
  readonly #fields: Map<RecordType, string[]>;

  constructor() {
    this.#fields = new Map(
      tablesLayout().records.map((table) => [
        table.recordType,
        [...table.root.fields.keys()].filter((field) => field !== "type" && field !== "id"),
      ]),
    );
    for (const type of RECORD_TYPES) this.#fill.set(type, new Counter());
  }

  add(record: unknown): void {
    this.#total += 1;
    if (!isObject(record)) {
      this.#unknownType += 1;
      return;
    }
    const type = record.type as RecordType;
    const count = this.#byType.get(type);
    if (count === undefined) {
      this.#unknownType += 1;
      return;
    }
    this.#byType.set(type, count + 1);
    const fill = this.#fill.get(type) as Counter;
    for (const field of this.#fields.get(type) ?? []) if (filled(record[field])) fill.add(field);
    this.#collectCitations(record);
    const id = text(record.id);
    switch (type) {
      case "event":
        this.#event(record);
        break;
      case "person":
      case "organization": {
        const name = text(list(record.names).find(isObject)?.value);
        if (id && name) this.#names.set(id, name);
        break;
      }
      case "format": {
        const name = text(record.name);
        if (id && name) this.#names.set(id, name);
        break;
      }
      case "quote":
        this.#quote(record);
        break;
      case "source":
        this.#source(record, id);
        break;
    }
  }

  #event(event: Json): void {
    this.#kinds.add(text(event.kind) ?? NONE);
    this.#modes.add(text(event.mode) ?? NONE);
    const location = isObject(event.location) ? event.location : undefined;
    const locationCountry = text(location?.country);
    if (locationCountry) this.#locationCountries.add(locationCountry);
    const date = isObject(event.date) ? event.date : undefined;
    const value = text(date?.value);
    if (value && partialDateProblem(value) === undefined) {
      this.#dates.dated += 1;
      this.#years.add(value.slice(0, 4));
      const parts = value.split("-").length;
      if (parts === 3) this.#dates.day += 1;
      else if (parts === 2) this.#dates.month += 1;
      else this.#dates.year += 1;
      if (list(date?.inferred).length > 0) this.#dates.inferred += 1;
      if (date?.approximate === true) this.#dates.approximate += 1;
      if (date?.uncertain === true) this.#dates.uncertain += 1;
      if (isObject(event.endDate)) this.#dates.withEndDate += 1;
    } else {
      this.#dates.undated += 1;
      this.#years.add(UNDATED);
    }
    const countries = new Set<string>();
    const persons = new Set<string>();
    const organizations = new Set<string>();
    let unresolved = false;
    for (const participant of list(event.participants)) {
      if (!isObject(participant)) continue;
      this.#participants.total += 1;
      const person = text(participant.person);
      const organization = text(participant.organization);
      if (person) {
        this.#participants.persons += 1;
        persons.add(person);
      } else if (organization) {
        this.#participants.organizations += 1;
        organizations.add(organization);
      } else if (participant.unresolved !== undefined) {
        this.#participants.unresolved += 1;
        unresolved = true;
      }
      const represents = isObject(participant.represents) ? participant.represents : undefined;
      const country = text(represents?.country);
      if (country) countries.add(country);
      const representedOrganization = text(represents?.organization);
      if (representedOrganization) organizations.add(representedOrganization);
    }
    if (unresolved) this.#participants.eventsWithUnresolved += 1;
    for (const country of countries) this.#countries.add(country);
    for (const person of persons) this.#persons.add(person);
    for (const organization of organizations) this.#organizations.add(organization);
    const formats = new Set<string>();
    for (const link of list(event.formats)) {
      const format = isObject(link) ? text(link.format) : undefined;
      if (format) formats.add(format);
    }
    for (const format of formats) this.#formats.add(format);
  }

  #quote(quote: Json): void {
    this.#quotes.total += 1;
    if (text(quote.saidAt)) this.#quotes.withEvent += 1;
    const speaker = isObject(quote.speaker) ? quote.speaker : undefined;
    const id = text(speaker?.person) ?? text(speaker?.organization);
    if (id) {
      this.#quotes.withResolvedSpeaker += 1;
      this.#speakers.add(id);
    }
  }

  #source(source: Json, id: string | undefined): void {
    this.#sourceKinds.add(text(source.kind) ?? NONE);
    const targets: string[] = [];
    for (const link of list(source.reports)) {
      if (!isObject(link)) continue;
      this.#relations.add(text(link.relation) ?? NONE);
      const target = text(link.source);
      if (target) targets.push(target);
    }
    if (id && targets.length > 0) this.#reports.set(id, targets);
  }

  /** Every `citations` array anywhere in the record names a cited source. */
  #collectCitations(value: unknown): void {
    if (Array.isArray(value)) {
      for (const item of value) this.#collectCitations(item);
      return;
    }
    if (!isObject(value)) return;
    for (const [key, child] of Object.entries(value)) {
      if (key === "citations") {
        for (const citation of list(child)) {
          const source = isObject(citation) ? text(citation.source) : undefined;
          if (source) this.#cited.add(source);
        }
      } else if (key !== "extensions" && typeof child === "object" && child !== null) {
        this.#collectCitations(child);
      }
    }
  }

  /** The most steps down any source's chain of reporting; each source is expanded once. */
  #longestChain(): number {
    const depth = new Map<string, number>();
    const visiting = new Set<string>();
    const walk = (root: string): number => {
      // Iterative depth-first search: chains can be long, the stack must not overflow.
      const stack: { id: string; next: number; best: number }[] = [{ id: root, next: 0, best: 0 }];
      visiting.add(root);
      let result = 0;
      while (stack.length > 0) {
        const frame = stack[stack.length - 1] as { id: string; next: number; best: number };
        const targets = this.#reports.get(frame.id) ?? [];
        if (frame.next < targets.length) {
          const target = targets[frame.next] as string;
          frame.next += 1;
          const known = depth.get(target);
          if (known !== undefined) frame.best = Math.max(frame.best, known + 1);
          else if (visiting.has(target)) frame.best = Math.max(frame.best, 1);
          else {
            visiting.add(target);
            stack.push({ id: target, next: 0, best: 0 });
          }
          continue;
        }
        stack.pop();
        visiting.delete(frame.id);
        depth.set(frame.id, frame.best);
        result = frame.best;
        const parent = stack[stack.length - 1];
        if (parent) parent.best = Math.max(parent.best, frame.best + 1);
      }
      return result;
    };
    let longest = 0;
    for (const id of this.#reports.keys()) longest = Math.max(longest, depth.get(id) ?? walk(id));
    return longest;
  }

  finish(): DatasetStats {
    const byType = Object.fromEntries(this.#byType) as Record<RecordType, number>;
    const fields = Object.fromEntries(
      RECORD_TYPES.map((type) => {
        const records = byType[type];
        const fill = this.#fill.get(type) as Counter;
        const counts = new Map(fill.byCount().map(({ key, count }) => [key, count]));
        return [
          type,
          (this.#fields.get(type) ?? []).map((field) => {
            const count = counts.get(field) ?? 0;
            return { field, filled: count, rate: records === 0 ? 0 : count / records };
          }),
        ];
      }),
    ) as Record<RecordType, FieldFill[]>;
    let links = 0;
    for (const targets of this.#reports.values()) links += targets.length;
    const { day, month, year, ...dates } = this.#dates;
    return {
      records: { total: this.#total, byType, unknownType: this.#unknownType },
      events: {
        total: byType.event,
        byKind: this.#kinds.byCount(),
        byMode: this.#modes.byCount(),
        byYear: this.#years.byKey(UNDATED),
        byCountry: this.#countries.byCount(),
        byLocationCountry: this.#locationCountries.byCount(),
        dates: { ...dates, byPrecision: { day, month, year } },
      },
      participants: { ...this.#participants },
      top: {
        persons: this.#persons.top(TOP, this.#names),
        organizations: this.#organizations.top(TOP, this.#names),
        formats: this.#formats.top(TOP, this.#names),
      },
      quotes: { ...this.#quotes, topSpeakers: this.#speakers.top(TOP, this.#names) },
      sources: {
        total: byType.source,
        byKind: this.#sourceKinds.byCount(),
        cited: this.#cited.size,
        reporting: {
          sourcesReporting: this.#reports.size,
          links,
          byRelation: this.#relations.byCount(),
          longestChain: this.#longestChain(),
        },
      },
      fields,
    };
  }
}

/** The figures of a sequence of records (see DatasetStats). */
export function datasetStats(records: Iterable<unknown>): DatasetStats {
  const collector = new DatasetStatsCollector();
  for (const record of records) collector.add(record);
  return collector.finish();
}
