import type { ExplorerData } from "../data";
import { dayToIso, type Precision, spanOf } from "../logic/dates";

/**
 * The figures of the overview page, counted in one pass over the dataset in the data worker.
 * Only these small tables cross to the page, so the charts draw in milliseconds whatever the
 * dataset's size.
 */
export interface Count {
  key: string;
  label: string;
  count: number;
}

export interface Overview {
  records: { type: string; count: number }[];
  events: number;
  datedEvents: number;
  /** Events over time, by year or (when every event falls within a few years) by month. */
  overTime: {
    unit: "year" | "month";
    buckets: Count[];
    /** Events dated only to the year when the chart is by month: said under the chart, not dropped. */
    coarser: number;
  };
  byKind: Count[];
  /** Where events were held (location.country). */
  byPlace: Count[];
  /** Countries represented by participants. */
  byRepresented: Count[];
  quotes: number;
  /** Quotes by speaker; unresolved speakers are counted together under one bar. */
  bySpeaker: Count[];
  /** How many keys each top list left out (a dataset with 190 countries shows the top 20). */
  omitted: { byPlace: number; byRepresented: number; bySpeaker: number };
}

export const TOP = 20;

class Counter {
  readonly #counts = new Map<string, number>();
  add(key: string): void {
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1);
  }
  /** Largest first, then by key, so equal counts always come in the same order. */
  top(limit: number, label: (key: string) => string): { top: Count[]; omitted: number } {
    const all = [...this.#counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    return {
      top: all.slice(0, limit).map(([key, count]) => ({ key, label: label(key), count })),
      omitted: Math.max(0, all.length - limit),
    };
  }
  get size(): number {
    return this.#counts.size;
  }
  entries(): [string, number][] {
    return [...this.#counts];
  }
}

interface Start {
  /** The first day the date covers, as YYYY-MM-DD. */
  iso: string;
  precision: Precision;
}

/** Each event counts in the bucket of the first day its (partial) date covers. */
function timeBuckets(dated: readonly Start[]): Overview["overTime"] {
  if (dated.length === 0) return { unit: "year", buckets: [], coarser: 0 };
  const starts = dated.map((d) => d.iso);
  let first = starts[0] as string;
  let last = first;
  for (const start of starts) {
    if (start < first) first = start;
    if (start > last) last = start;
  }
  const firstYear = Number(first.slice(0, 4));
  const lastYear = Number(last.slice(0, 4));
  // A few years are better read month by month; a century by year.
  const unit = lastYear - firstYear < 4 ? "month" : "year";
  const counter = new Counter();
  let coarser = 0;
  for (const { iso, precision } of dated) {
    if (unit === "month" && precision === "year") coarser++;
    else counter.add(unit === "year" ? iso.slice(0, 4) : iso.slice(0, 7));
  }
  // Every bucket between the first and the last, empty ones too: a gap is a finding.
  const keys: string[] = [];
  if (unit === "year") {
    for (let year = firstYear; year <= lastYear; year++) keys.push(String(year).padStart(4, "0"));
  } else {
    for (let year = firstYear; year <= lastYear; year++)
      for (let month = 1; month <= 12; month++) {
        const key = `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}`;
        if (key >= first.slice(0, 7) && key <= last.slice(0, 7)) keys.push(key);
      }
  }
  const counts = new Map(counter.entries());
  return {
    unit,
    buckets: keys.map((key) => ({ key, label: key, count: counts.get(key) ?? 0 })),
    coarser,
  };
}

export function computeOverview(data: ExplorerData): Overview {
  const byType = new Counter();
  for (const record of data.records) byType.add(record.type);
  const kinds = new Counter();
  const places = new Counter();
  const represented = new Counter();
  const starts: Start[] = [];
  const events = data.ofType("event");
  for (const event of events) {
    kinds.add(event.kind);
    if (event.location?.country) places.add(event.location.country);
    const countries = new Set<string>();
    for (const participant of event.participants ?? []) {
      const represents = participant.represents;
      if (represents && "country" in represents && represents.country)
        countries.add(represents.country);
    }
    for (const country of countries) represented.add(country);
    const span = event.date ? spanOf(event.date.value) : undefined;
    if (span) starts.push({ iso: dayToIso(span.start), precision: span.precision });
  }
  const speakers = new Counter();
  const quotes = data.quotes();
  for (const quote of quotes) {
    const speaker = quote.speaker;
    if ("person" in speaker) speakers.add(speaker.person);
    else if ("organization" in speaker) speakers.add(speaker.organization);
    else speakers.add(UNRESOLVED_SPEAKER);
  }
  const country = (code: string) => {
    const name = data.countryName(code);
    return name === code ? code : name;
  };
  const place = places.top(TOP, country);
  const rep = represented.top(TOP, country);
  const speaker = speakers.top(TOP, (id) =>
    id === UNRESOLVED_SPEAKER ? "(unresolved speakers)" : data.label(id),
  );
  return {
    records: byType
      .top(Number.POSITIVE_INFINITY, (key) => key)
      .top.map(({ key, count }) => ({ type: key, count })),
    events: events.length,
    datedEvents: starts.length,
    overTime: timeBuckets(starts),
    byKind: kinds.top(Number.POSITIVE_INFINITY, (key) => key).top,
    byPlace: place.top,
    byRepresented: rep.top,
    quotes: quotes.length,
    bySpeaker: speaker.top,
    omitted: { byPlace: place.omitted, byRepresented: rep.omitted, bySpeaker: speaker.omitted },
  };
}

/** The key under which quotes by unresolved speakers are counted (no record id looks like it). */
export const UNRESOLVED_SPEAKER = " unresolved";
