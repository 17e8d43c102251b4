import type { LoadProblem, Quote } from "@parley/sdk";
import type { DatasetInfo, EventFilters, ExplorerData } from "../data";
import { groupRenderings, type QuoteGroup } from "../logic/quotes";
import { NetworkIndex, type NetworkQuery, type NetworkResult } from "./network";
import { computeOverview, type Overview } from "./overview";
import { type Page, pageOf } from "./paging";
import { type RecordSlice, recordSlice, SliceBuilder } from "./slice";
import { TimelineIndex, type TimelineQuery, type TimelineResult } from "./timeline";

/**
 * Everything the views ask of a dataset, answered where the dataset lives (the data worker).
 * Answers are small and plain (pages, counts, slices of records) so that handing them to the
 * page never costs it more than a few milliseconds, whatever the dataset's size. Costly
 * indexes are built on first use and kept.
 */
export interface DatasetSummary {
  info: DatasetInfo;
  records: number;
  problems: { count: number; first: LoadProblem[] };
  /** Time spent reading and parsing, in the worker. */
  loadMs: number;
}

export interface EventRow {
  id: string;
  title: string;
  kind: string;
  date?: string;
  place?: string;
}

export interface Option {
  value: string;
  label: string;
}

export interface FilterOptions {
  kinds: Option[];
  countries: Option[];
  persons: Option[];
  organizations: Option[];
  formats: Option[];
  /** How many of each the dataset has; past OPTIONS_SHOWN only the most active are offered. */
  totals: { persons: number; organizations: number; formats: number };
}

export interface QuotesPage {
  speakers: Option[];
  speakersTotal: number;
  groups: Page<{ root: string; renderings: string[] }>;
  records: unknown[];
  countryNames: Record<string, string>;
  /** The event's name when the quotes are those said at one event. */
  eventLabel?: string;
}

export const EVENTS_PER_PAGE = 100;
export const QUOTE_GROUPS_PER_PAGE = 50;
export const OPTIONS_SHOWN = 300;

export class DatasetService {
  readonly #timeline: TimelineIndex;
  readonly #network: NetworkIndex;
  #overview: Overview | undefined;
  #options: FilterOptions | undefined;
  readonly #quoteGroups = new Map<string, QuoteGroup<Quote>[]>();
  #speakers: Option[] | undefined;

  /** Time spent reading, parsing and indexing, set by whoever loaded the dataset. */
  loadMs = 0;

  constructor(readonly data: ExplorerData) {
    this.#timeline = new TimelineIndex(data);
    this.#network = new NetworkIndex(data);
  }

  /**
   * Builds every index the views use (counts, the sorted timeline, the filter choices, the
   * network), so that after loading no view waits seconds for one on a large dataset.
   */
  warm(): void {
    this.overview();
    this.#timeline.entries(["event"]);
    this.filterOptions({});
    this.#network.hubs(1);
    this.#network.full();
  }

  summary(): DatasetSummary {
    return {
      info: this.data.info,
      records: this.data.records.length,
      problems: { count: this.data.problems.length, first: this.data.problems.slice(0, 20) },
      loadMs: this.loadMs,
    };
  }

  overview(): Overview {
    this.#overview ??= computeOverview(this.data);
    return this.#overview;
  }

  timeline(query: TimelineQuery): TimelineResult {
    return this.#timeline.query(query);
  }

  eventsPage(filters: EventFilters, page: number): Page<EventRow> {
    const found = pageOf(this.data.eventsWhere(filters), page, EVENTS_PER_PAGE);
    return {
      ...found,
      items: found.items.map((event) => {
        const place =
          event.location?.name ??
          (event.location?.country ? this.data.countryName(event.location.country) : undefined);
        return {
          id: event.id,
          title: this.data.eventTitle(event),
          kind: event.kind,
          ...(event.date ? { date: event.date.value } : {}),
          ...(place ? { place } : {}),
        };
      }),
    };
  }

  /** The filter form's choices; a value chosen in the URL is always among them. */
  filterOptions(selected: EventFilters): FilterOptions {
    if (!this.#options) {
      const data = this.data;
      const ranked = (ids: string[], count: (id: string) => number): Option[] =>
        ids
          .map((id) => ({ id, n: count(id) }))
          .sort((a, b) => b.n - a.n || (a.id < b.id ? -1 : 1))
          .slice(0, OPTIONS_SHOWN)
          .map(({ id }) => ({ value: id, label: data.label(id) }))
          .sort((a, b) => a.label.localeCompare(b.label));
      const persons = data.ofType("person").map((p) => p.id);
      const organizations = data.ofType("organization").map((o) => o.id);
      const formats = data.ofType("format").map((f) => f.id);
      this.#options = {
        kinds: [...new Set(data.ofType("event").map((e) => e.kind))]
          .sort()
          .map((kind) => ({ value: kind, label: kind })),
        countries: data.countries().map((code) => {
          const name = data.countryName(code);
          return { value: code, label: name === code ? code : `${name} (${code})` };
        }),
        persons: ranked(persons, (id) => data.dataset.eventsByParticipant({ person: id }).length),
        organizations: ranked(organizations, (id) => data.dataset.eventsByOrganization(id).length),
        formats: ranked(formats, (id) => data.dataset.eventsByFormat(id).length),
        totals: {
          persons: persons.length,
          organizations: organizations.length,
          formats: formats.length,
        },
      };
    }
    const options = this.#options;
    const withSelected = (list: Option[], value: string | undefined): Option[] =>
      value && !list.some((o) => o.value === value)
        ? [{ value, label: this.data.label(value) }, ...list]
        : list;
    return {
      ...options,
      persons: withSelected(options.persons, selected.person),
      organizations: withSelected(options.organizations, selected.organization),
      formats: withSelected(options.formats, selected.format),
    };
  }

  quotesPage(filter: { speaker?: string; event?: string }, page: number): QuotesPage {
    const key = `${filter.speaker ?? ""}\n${filter.event ?? ""}`;
    let groups = this.#quoteGroups.get(key);
    if (!groups) {
      let quotes = filter.speaker ? this.data.quotesBySpeaker(filter.speaker) : this.data.quotes();
      if (filter.event) {
        const said = new Set(this.data.quotesByEvent(filter.event));
        quotes = quotes.filter((quote) => said.has(quote));
      }
      groups = groupRenderings(quotes);
      // One speaker's or one event's groups are cheap to make again; keep only the whole list.
      if (!filter.speaker && !filter.event) this.#quoteGroups.set(key, groups);
    }
    const shown = pageOf(groups, page, QUOTE_GROUPS_PER_PAGE);
    const slice = new SliceBuilder(this.data);
    for (const group of shown.items)
      for (const quote of [group.root, ...group.renderings]) slice.addWithReferences(quote);
    if (!this.#speakers) {
      const counts = new Map<string, number>();
      for (const quote of this.data.quotes()) {
        const id =
          "person" in quote.speaker
            ? quote.speaker.person
            : "organization" in quote.speaker
              ? quote.speaker.organization
              : undefined;
        if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      this.#speakers = [...counts]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .map(([id]) => ({ value: id, label: this.data.label(id) }));
    }
    const speaker = filter.speaker;
    const speakers = this.#speakers.slice(0, OPTIONS_SHOWN);
    if (speaker && !speakers.some((s) => s.value === speaker))
      speakers.unshift({ value: speaker, label: this.data.label(speaker) });
    return {
      speakers,
      speakersTotal: this.#speakers.length,
      groups: {
        ...shown,
        items: shown.items.map((g) => ({
          root: g.root.id,
          renderings: g.renderings.map((q) => q.id),
        })),
      },
      records: slice.records,
      countryNames: slice.countryNames,
      ...(filter.event ? { eventLabel: this.data.label(filter.event) } : {}),
    };
  }

  record(id: string): RecordSlice {
    return recordSlice(this.data, id);
  }

  network(query: NetworkQuery): NetworkResult {
    return this.#network.query(query);
  }

  networkSearch(text: string): ReturnType<NetworkIndex["search"]> {
    return this.#network.search(text);
  }
}
