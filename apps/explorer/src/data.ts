import type { Event, ParleyRecord, Quote, Source } from "@parley/schema";
import { spanOf } from "./logic/dates";

/**
 * The explorer's read model of one dataset. TEMPORARY in-app queries until @parley/sdk lands;
 * then each method delegates to the SDK's dataset API.
 */
export interface DatasetInfo {
  title: string;
  schemaVersion: string;
  description?: string;
  publisher?: string;
  license?: string;
  /** Where it came from: "bundled seed" or the file name. */
  origin: string;
}

export interface EventFilters {
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
  private readonly byId = new Map<string, ParleyRecord>();

  constructor(
    readonly info: DatasetInfo,
    readonly records: readonly ParleyRecord[],
  ) {
    for (const record of records) this.byId.set(record.id, record);
  }

  static fromText(text: string, origin: string): ExplorerData {
    const trimmed = text.replace(/^\uFEFF/, "").trimStart();
    if (trimmed.startsWith("{") && !/^\{[^\n]*\}\s*\n\s*\{/.test(trimmed)) {
      const doc = JSON.parse(trimmed) as { title: string; schemaVersion: string; records: ParleyRecord[] };
      return new ExplorerData({ ...doc, origin }, doc.records ?? []);
    }
    const records: ParleyRecord[] = [];
    let header: { title?: string; schemaVersion?: string } = {};
    for (const line of trimmed.split("\n")) {
      if (!line.trim()) continue;
      const value = JSON.parse(line) as { type: string };
      if (value.type === "dataset") header = value as typeof header;
      else records.push(value as ParleyRecord);
    }
    return new ExplorerData(
      { title: header.title ?? origin, schemaVersion: header.schemaVersion ?? "?", origin },
      records,
    );
  }

  get(id: string): ParleyRecord | undefined {
    return this.byId.get(id);
  }

  ofType<T extends ParleyRecord["type"]>(type: T): Extract<ParleyRecord, { type: T }>[] {
    return this.records.filter((r): r is Extract<ParleyRecord, { type: T }> => r.type === type);
  }

  /** Events in chronological order; undated events last. */
  timeline(): Event[] {
    const key = (e: Event) => (e.date ? spanOf(e.date.value)?.start ?? Infinity : Infinity);
    return [...this.ofType("event")].sort((a, b) => key(a) - key(b));
  }

  quotes(): Quote[] {
    return this.ofType("quote");
  }

  quotesByEvent(eventId: string): Quote[] {
    return this.quotes().filter((q) => q.saidAt === eventId);
  }

  eventsWhere(filters: EventFilters): Event[] {
    const from = filters.from ? spanOf(filters.from) : undefined;
    const to = filters.to ? spanOf(filters.to) : undefined;
    const text = filters.text?.toLowerCase();
    return this.timeline().filter((event) => {
      const participants = event.participants ?? [];
      if (filters.country) {
        const inEvent =
          event.location?.country === filters.country ||
          participants.some((p) => p.represents && "country" in p.represents && p.represents.country === filters.country);
        if (!inEvent) return false;
      }
      if (filters.person && !participants.some((p) => "person" in p && p.person === filters.person)) return false;
      if (filters.organization) {
        const inEvent =
          (event.organizations ?? []).includes(filters.organization) ||
          participants.some(
            (p) =>
              ("organization" in p && p.organization === filters.organization) ||
              (p.represents && "organization" in p.represents && p.represents.organization === filters.organization),
          );
        if (!inEvent) return false;
      }
      if (filters.format && !(event.formats ?? []).some((f) => f.format === filters.format)) return false;
      if (from || to) {
        const span = event.date ? spanOf(event.date.value) : undefined;
        if (!span) return false;
        const end = event.endDate ? (spanOf(event.endDate.value)?.end ?? span.end) : span.end;
        if (from && end < from.start) return false;
        if (to && span.start > to.end) return false;
      }
      if (text && !`${event.title ?? ""} ${event.id}`.toLowerCase().includes(text)) return false;
      return true;
    });
  }

  reportingChain(sourceId: string, seen = new Set<string>()): ChainLink[] {
    const source = this.get(sourceId);
    if (!source || source.type !== "source" || seen.has(sourceId)) return [];
    const next = new Set(seen).add(sourceId);
    return (source.reports ?? []).map((link) => {
      const target = this.get(link.source);
      return {
        relation: link.relation,
        sourceId: link.source,
        source: target?.type === "source" ? target : undefined,
        chain: this.reportingChain(link.source, next),
      };
    });
  }

  /** A human name for any record id; the id itself when the record is missing. */
  label(id: string): string {
    const record = this.get(id);
    if (!record) return id;
    switch (record.type) {
      case "person":
      case "organization":
        return record.names[0]?.value ?? id;
      case "format":
        return record.name;
      case "event":
        return record.title ?? id;
      case "source":
        return record.title ?? `${record.kind ?? "source"} ${id}`;
      case "quote":
        return record.text.length > 60 ? `${record.text.slice(0, 57)}…` : record.text;
    }
  }

  quotesBySpeaker(speakerId: string): Quote[] {
    return this.quotes().filter(
      (q) => ("person" in q.speaker && q.speaker.person === speakerId) || ("organization" in q.speaker && q.speaker.organization === speakerId),
    );
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

  /** Every country code the events mention (locations and whom participants represent). */
  countries(): string[] {
    const codes = new Set<string>();
    for (const event of this.ofType("event")) {
      if (event.location?.country) codes.add(event.location.country);
      for (const p of event.participants ?? []) if (p.represents && "country" in p.represents && p.represents.country) codes.add(p.represents.country);
    }
    return [...codes].sort();
  }

  /** Records that refer to the given id anywhere in their fields. */
  referrers(id: string): string[] {
    const found: string[] = [];
    const mentions = (value: unknown): boolean => {
      if (value === id) return true;
      if (Array.isArray(value)) return value.some(mentions);
      if (value && typeof value === "object") return Object.values(value).some(mentions);
      return false;
    };
    for (const record of this.records) {
      if (record.id === id) continue;
      const { id: _own, ...rest } = record;
      if (mentions(rest)) found.push(record.id);
    }
    return found;
  }

  countryName(code: string): string {
    return code;
  }
}
