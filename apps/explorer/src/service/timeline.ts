import type { TimelineEntry } from "@parley/sdk";
import type { ExplorerData } from "../data";
import {
  type DaySpan,
  dayToIso,
  eventSpan,
  layoutTimeline,
  type TimelineRow,
} from "../logic/dates";
import { type Page, pageOf } from "./paging";

/**
 * The timeline at any size: a dataset (or a zoomed-in range of it) with few enough dated
 * records is drawn record by record as spans; a larger one is counted in buckets by year,
 * month or day, each a link that zooms into it, down to single events.
 */
export type Included = "event" | "quote" | "source";
export type Unit = "year" | "month" | "day";

export interface TimelineQuery {
  include: readonly Included[];
  /** The range zoomed into, as partial dates ("1905", "1905-05", "1905-05-22"). */
  from?: string;
  to?: string;
  /** Only records dated to this precision (the "dated only to the month" rows link here). */
  precision?: "year" | "month" | "day";
  page?: number;
  undatedPage?: number;
}

export interface TimelineItem {
  id: string;
  label: string;
  type: string;
  /** An event's kind; for other records their type. */
  kind: string;
  field?: TimelineEntry["field"];
}

export interface Bucket {
  key: string;
  count: number;
  byType: Partial<Record<Included, number>>;
}

export interface TimelineResult {
  total: number;
  /** How to go back out: the whole timeline, then each enclosing year and month. */
  trail: { label: string; from?: string }[];
  range?: { from: string; to: string };
  view:
    | {
        mode: "buckets";
        unit: Unit;
        buckets: Bucket[];
        coarser: { precision: Unit; count: number }[];
      }
    | {
        mode: "records";
        rows: Page<TimelineRow & TimelineItem>;
        axis: { ticks: { label: string; at: number }[] } | undefined;
      };
  undated: Page<TimelineItem>;
}

/** At most this many records are drawn one by one; more are counted in buckets. */
export const RECORDS_PER_PAGE = 300;
export const UNDATED_PER_PAGE = 100;

const RANK: Record<Unit, number> = { year: 0, month: 1, day: 2 };

interface Dated {
  entry: TimelineEntry;
  span: DaySpan;
}

/** Entries with their spans, per set of included types: computed once per dataset. */
export class TimelineIndex {
  readonly #cache = new Map<string, { dated: Dated[]; undated: TimelineEntry[] }>();
  constructor(readonly data: ExplorerData) {}

  entries(include: readonly Included[]): { dated: Dated[]; undated: TimelineEntry[] } {
    const key = [...include].sort().join(",");
    let found = this.#cache.get(key);
    if (!found) {
      const dated: Dated[] = [];
      const undated: TimelineEntry[] = [];
      for (const entry of this.data.timelineEntries(include)) {
        const span = eventSpan(entry.date, entry.endDate);
        if (span) dated.push({ entry, span });
        else undated.push(entry);
      }
      found = { dated, undated };
      this.#cache.set(key, found);
    }
    return found;
  }

  query(query: TimelineQuery): TimelineResult {
    const { dated, undated } = this.entries(query.include);
    const range = rangeOf(query.from, query.to);
    let inRange = range
      ? dated.filter((d) => d.span.start >= range.start && d.span.start <= range.end)
      : dated;
    if (query.precision) inRange = inRange.filter((d) => d.span.precision === query.precision);
    const item = (entry: TimelineEntry): TimelineItem => {
      const record = entry.record;
      return {
        id: record.id,
        label: this.data.label(record.id),
        type: record.type,
        kind: record.type === "event" ? record.kind : record.type,
        ...(entry.field ? { field: entry.field } : {}),
      };
    };
    const first = inRange[0]?.span.start ?? 0;
    let last = first;
    for (const d of inRange) if (d.span.start > last) last = d.span.start;
    const start = range?.start ?? first;
    const end = range?.end ?? last;
    const unit = unitFor(end - start + 1);
    const singleDay = range !== undefined && range.start === range.end;
    const asRecords =
      query.precision !== undefined || inRange.length <= RECORDS_PER_PAGE || singleDay;
    const undatedPage = pageOf(range ? [] : undated, query.undatedPage ?? 1, UNDATED_PER_PAGE);
    const result: TimelineResult = {
      total: inRange.length,
      trail: trailOf(query.from),
      ...(range && query.from ? { range: { from: query.from, to: query.to ?? query.from } } : {}),
      view: { mode: "buckets", unit, buckets: [], coarser: [] },
      undated: { ...undatedPage, items: undatedPage.items.map(item) },
    };
    if (asRecords) {
      const page = pageOf(inRange, query.page ?? 1, RECORDS_PER_PAGE);
      const items = new Map(page.items.map((d) => [d.entry.record.id, d.entry]));
      const layout = layoutTimeline(
        page.items.map((d) => ({
          id: d.entry.record.id,
          label: "",
          ...(d.entry.date ? { date: d.entry.date } : {}),
          ...(d.entry.endDate ? { endDate: d.entry.endDate } : {}),
        })),
      );
      result.view = {
        mode: "records",
        rows: {
          ...page,
          items: layout.rows.map((row) => ({
            ...row,
            ...item(items.get(row.id) as TimelineEntry),
          })),
        },
        axis: layout.axis
          ? { ticks: layout.axis.ticks.map(({ label, at }) => ({ label, at })) }
          : undefined,
      };
      return result;
    }
    const counts = new Map<string, Bucket>();
    const coarser = new Map<Unit, number>();
    for (const { entry, span } of inRange) {
      if (RANK[span.precision] < RANK[unit]) {
        coarser.set(span.precision, (coarser.get(span.precision) ?? 0) + 1);
        continue;
      }
      const key = keyOf(span.start, unit);
      let bucket = counts.get(key);
      if (!bucket) {
        bucket = { key, count: 0, byType: {} };
        counts.set(key, bucket);
      }
      bucket.count++;
      const type = entry.record.type as Included;
      bucket.byType[type] = (bucket.byType[type] ?? 0) + 1;
    }
    result.view = {
      mode: "buckets",
      unit,
      // Every bucket of the range, empty ones too: a gap in the record is worth seeing.
      buckets: keysBetween(start, end, unit).map(
        (key) => counts.get(key) ?? { key, count: 0, byType: {} },
      ),
      coarser: [...coarser].map(([precision, count]) => ({ precision, count })),
    };
    return result;
  }
}

function unitFor(days: number): Unit {
  if (days > 3 * 366) return "year";
  if (days > 62) return "month";
  return "day";
}

function keyOf(day: number, unit: Unit): string {
  const iso = dayToIso(day);
  return unit === "year" ? iso.slice(0, 4) : unit === "month" ? iso.slice(0, 7) : iso;
}

function keysBetween(start: number, end: number, unit: Unit): string[] {
  const keys: string[] = [];
  if (unit === "day") {
    for (let day = start; day <= end; day++) keys.push(dayToIso(day));
    return keys;
  }
  const first = new Date(start * 86_400_000);
  const last = new Date(end * 86_400_000);
  let year = first.getUTCFullYear();
  let month = unit === "year" ? 0 : first.getUTCMonth();
  const lastYear = last.getUTCFullYear();
  const lastMonth = unit === "year" ? 0 : last.getUTCMonth();
  while (year < lastYear || (year === lastYear && month <= lastMonth)) {
    const y = String(year).padStart(4, "0");
    keys.push(unit === "year" ? y : `${y}-${String(month + 1).padStart(2, "0")}`);
    if (unit === "year") year++;
    else if (month === 11) {
      year++;
      month = 0;
    } else month++;
  }
  return keys;
}

function rangeOf(from?: string, to?: string): { start: number; end: number } | undefined {
  if (!from) return undefined;
  const start = eventSpan({ value: from });
  const end = eventSpan({ value: to ?? from });
  if (!start || !end || end.end < start.start) return undefined;
  return { start: start.start, end: end.end };
}

/** "1905-05-22" → All › 1905 › 1905-05 › 1905-05-22 (each but the last a way back out). */
function trailOf(from?: string): { label: string; from?: string }[] {
  const trail: { label: string; from?: string }[] = [{ label: "All dates" }];
  if (!from || !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(from)) return trail;
  trail.push({ label: from.slice(0, 4), from: from.slice(0, 4) });
  if (from.length >= 7) trail.push({ label: from.slice(0, 7), from: from.slice(0, 7) });
  if (from.length === 10) trail.push({ label: from, from });
  return trail;
}
