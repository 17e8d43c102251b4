import { forEachReference, type ParleyRecord } from "@parley/sdk";
import type { ExplorerData } from "../data";

/**
 * What one page needs from a large dataset: its records and the records they name (for labels),
 * with every cited source's chain of reporting and publishers. The data worker cuts the slice;
 * the page renders it with the same ExplorerData code as a whole dataset, so a detail page costs
 * the page a few dozen records whatever the dataset's size.
 */
export class SliceBuilder {
  readonly #records = new Map<string, ParleyRecord>();

  constructor(readonly data: ExplorerData) {}

  /** A record shown by name only; a source brings its publisher and reporting chain along. */
  add(record: ParleyRecord | undefined): void {
    if (!record || this.#records.has(record.id)) return;
    this.#records.set(record.id, record);
    if (record.type === "source") this.#references(record, (target) => this.add(target));
  }

  /** A record shown in full: it and every record it names. */
  addWithReferences(record: ParleyRecord | undefined): void {
    if (!record) return;
    this.add(record);
    this.#references(record, (target) => this.add(target));
  }

  #references(record: ParleyRecord, visit: (target: ParleyRecord) => void): void {
    forEachReference(record, ({ id }) => {
      const target = this.data.get(id);
      if (target) visit(target);
    });
  }

  get records(): ParleyRecord[] {
    return [...this.#records.values()];
  }

  /** The name of every country code the slice's records hold (any field named `country`). */
  get countryNames(): Record<string, string> {
    const names: Record<string, string> = {};
    const visit = (value: unknown): void => {
      if (Array.isArray(value)) for (const item of value) visit(item);
      else if (value && typeof value === "object")
        for (const [key, inner] of Object.entries(value)) {
          if (key === "country" && typeof inner === "string")
            names[inner] = this.data.countryName(inner);
          else visit(inner);
        }
    };
    for (const record of this.#records.values()) visit(record);
    return names;
  }
}

export interface RecordSlice {
  /** The record's type, or undefined when the dataset has no record with the id. */
  type?: string;
  records: ParleyRecord[];
  countryNames: Record<string, string>;
  /** The first referrers (ids), and how many there are in all. */
  referrers: string[];
  referrersTotal: number;
  /** An event's quotes shown on its page, and how many it has in all. */
  quotesTotal: number;
}

export const REFERRERS_SHOWN = 200;
export const EVENT_QUOTES_SHOWN = 100;

export function recordSlice(data: ExplorerData, id: string): RecordSlice {
  const record = data.get(id);
  if (!record)
    return { records: [], countryNames: {}, referrers: [], referrersTotal: 0, quotesTotal: 0 };
  const slice = new SliceBuilder(data);
  slice.addWithReferences(record);
  let quotesTotal = 0;
  if (record.type === "event") {
    const quotes = data.quotesByEvent(id);
    quotesTotal = quotes.length;
    for (const quote of quotes.slice(0, EVENT_QUOTES_SHOWN)) slice.addWithReferences(quote);
    // Events that relate to this one, for its "Related events" list.
    for (const mention of data.dataset.mentionsOf(id))
      if (mention.record.type === "event") slice.add(mention.record);
  }
  const referrers = data.referrers(id);
  for (const referrer of referrers.slice(0, REFERRERS_SHOWN)) slice.add(data.get(referrer));
  return {
    type: record.type,
    records: slice.records,
    countryNames: slice.countryNames,
    referrers: referrers.slice(0, REFERRERS_SHOWN),
    referrersTotal: referrers.length,
    quotesTotal,
  };
}
