import { type DatePrecision, parsePartialDate } from "@parley/sdk";

/**
 * Partial dates drawn as spans: "2022" covers the whole year, "2022-11" the month, "2022-11-17"
 * one day. Days are counted from 1970-01-01 (UTC) so spans compare and scale as integers.
 */
export type Precision = DatePrecision;

export interface DaySpan {
  /** First day covered, in days since 1970-01-01. */
  start: number;
  /** Last day covered (inclusive). */
  end: number;
  precision: Precision;
}

const DAY_MS = 86_400_000;

function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

function isoToDay(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
}

/** The days a partial date covers, by the SDK's reading of partial dates; undefined when it is not one. */
export function spanOf(value: string): DaySpan | undefined {
  try {
    const parsed = parsePartialDate(value);
    return {
      start: isoToDay(parsed.start),
      end: isoToDay(parsed.end),
      precision: parsed.precision,
    };
  } catch {
    return undefined;
  }
}

/** The span of an event from its start date to its end date (each at its own precision). */
export function eventSpan(
  date?: { value: string },
  endDate?: { value: string },
): DaySpan | undefined {
  const start = date ? spanOf(date.value) : undefined;
  if (!start) return undefined;
  const end = endDate ? spanOf(endDate.value) : undefined;
  if (!end || end.end < start.start) return start;
  return { start: start.start, end: end.end, precision: start.precision };
}

export function dayToIso(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export interface TimelineInput {
  id: string;
  label: string;
  date?: { value: string };
  endDate?: { value: string };
}

export interface TimelineRow {
  id: string;
  label: string;
  span: DaySpan;
  /** Position and width on the axis, in percent of its length. */
  left: number;
  width: number;
}

export interface TimelineLayout {
  rows: TimelineRow[];
  /** Items without a usable date, listed apart rather than dropped. */
  undated: TimelineInput[];
  axis?: { start: number; end: number; ticks: { day: number; label: string; at: number }[] };
}

/** Lays out dated items chronologically on one axis; the narrowest span stays visible. */
export function layoutTimeline(
  items: readonly TimelineInput[],
  minWidthPercent = 0.8,
): TimelineLayout {
  const dated: { item: TimelineInput; span: DaySpan }[] = [];
  const undated: TimelineInput[] = [];
  for (const item of items) {
    const span = eventSpan(item.date, item.endDate);
    if (span) dated.push({ item, span });
    else undated.push(item);
  }
  dated.sort(
    (a, b) =>
      a.span.start - b.span.start || a.span.end - b.span.end || a.item.id.localeCompare(b.item.id),
  );
  if (dated.length === 0) return { rows: [], undated };
  const first = dated[0] as { span: DaySpan };
  const start = Math.min(...dated.map((d) => d.span.start), first.span.start);
  const lastDay = Math.max(...dated.map((d) => d.span.end));
  // Pad the axis so items at either end are not glued to its edges.
  const pad = Math.max(3, Math.round((lastDay - start) * 0.05));
  const axisStart = start - pad;
  const axisEnd = lastDay + pad + 1;
  const length = axisEnd - axisStart;
  const rows = dated.map(({ item, span }) => {
    const left = ((span.start - axisStart) / length) * 100;
    const width = Math.max(((span.end + 1 - span.start) / length) * 100, minWidthPercent);
    return { id: item.id, label: item.label, span, left, width: Math.min(width, 100 - left) };
  });
  return {
    rows,
    undated,
    axis: { start: axisStart, end: axisEnd, ticks: monthTicks(axisStart, axisEnd) },
  };
}

function monthTicks(start: number, end: number): { day: number; label: string; at: number }[] {
  const startDate = new Date(start * DAY_MS);
  const months = (end - start) / 30.44;
  const step = months <= 18 ? 1 : months <= 60 ? 3 : 12 * Math.ceil(months / 12 / 10);
  const ticks: { day: number; label: string; at: number }[] = [];
  let year = startDate.getUTCFullYear();
  let month = startDate.getUTCMonth() + 2; // the first month boundary inside the axis
  for (;;) {
    if (month > 12) {
      year += Math.floor((month - 1) / 12);
      month = ((month - 1) % 12) + 1;
    }
    const day = dayNumber(year, month, 1);
    if (day >= end) break;
    const onStep = step >= 12 ? month === 1 && year % (step / 12) === 0 : (month - 1) % step === 0;
    if (onStep) {
      const label = step >= 12 ? String(year) : dayToIso(day).slice(0, 7);
      ticks.push({ day, label, at: ((day - start) / (end - start)) * 100 });
    }
    month += 1;
  }
  return ticks;
}
