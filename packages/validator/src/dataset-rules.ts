/**
 * Rules across records, in one streaming pass with bounded memory: only ids (with their type
 * and line), a few facts per record that later records may need (a source's publication day,
 * a format's member countries) and PENDING checks (references to ids not seen yet) are kept;
 * records themselves are not. Pending checks are itemised up to a limit per id and counted
 * beyond it, so a dataset of forward references cannot exhaust memory.
 *
 * Reference sites come from the version's compiled module (generated from the `x-parley-ref`
 * annotations of that version's JSON Schema), so a new version brings its own graph.
 */

import { IdTable } from "./id-table";
import type { Position } from "./json/position";
import { didYouMean } from "./suggest";
import type { VersionModule } from "./versions";

/** A record being processed: its place, and a way to position a pointer inside it. */
export interface RecordHandle {
  index: number;
  start: Position;
  id?: string;
  /** Exact position of the value (or key) at `pointer`; the record start when unknown. */
  locate(pointer: string, atKey?: boolean): Position;
  /**
   * Position of the string `value` at `pointer`: found by searching the record's text when the
   * string occurs there once (cheap, for the many pending references), else as `locate`.
   */
  locateString(pointer: string | (() => string), value: string): Position;
}

export interface DatasetFinding {
  ruleId: string;
  message: string;
  pointer: string;
  position: Position;
  recordIndex: number;
  recordId?: string;
  suggestion?: string;
}

export interface DatasetRuleSink {
  report(finding: DatasetFinding): void;
  /** Counts occurrences that are not itemised (beyond the pending limit). */
  tally(ruleId: string, count: number, recordIndexes: number[]): void;
  /** Whether a rule is enabled; disabled rules cost nothing. */
  enabled(ruleId: string): boolean;
}

/** A record re-read by the merger's locator: the position asked for, and the parsed record. */
export interface LocatedRecord {
  position: Position;
  record?: unknown;
}

function idOf(record: unknown): string | undefined {
  return isObject(record) && typeof record.id === "string" ? record.id : undefined;
}

/** See `DatasetRules.exportState`. */
export interface DatasetRulesState {
  typeNames: string[];
  /** The ids' two 32-bit hash lanes (see IdTable): the strings are not sent. */
  idLanes: Int32Array;
  /** Per id: record index, line, byte offset of its record, type code. */
  idData: Float64Array;
  /** The id strings and type codes while few enough for suggestions; null beyond. */
  names: string | null;
  nameTypes: Int32Array | null;
  pendingRefs: Array<[string, { items: PendingItem[]; more: number; moreRecords: number[] }]>;
  /** Per source with a publication date: hash lanes and latest day. */
  sourcePublished: Float64Array;
  pendingDates: Array<[string, { items: PendingDate[]; more: number; moreRecords: number[] }]>;
  formatMembers: Array<[string, string[]]>;
  pendingFormats: Array<[string, PendingFormat[]]>;
  /** Distinct ids of the references the part could not settle, joined by U+0000. */
  deferredIds: string;
  /** Per unsettled reference, DEFERRED_FIELDS integers: checks, site, i0, i1, record slot, id index. */
  deferredData: Int32Array;
  /** Per record slot, DEFERRED_RECORD_FIELDS numbers: record index, line, byte offset, event day. */
  deferredRecords: Float64Array;
  /** The reference sites the deferred entries' site indexes refer to. */
  sites: ReadonlyArray<{ pointer: string; target: string }>;
}

interface PendingItem {
  target: string;
  /** The reference site's pointer template and the indexes that fill it: the pointer string is built only if reported. */
  template: string;
  i0: number;
  i1: number;
  recordIndex: number;
  recordId: string | undefined;
  position: Position;
}

interface PendingDate {
  eventEarliest: number;
  eventDate: string;
  pointer: string;
  recordIndex: number;
  recordId: string | undefined;
  position: Position;
}

interface PendingFormat {
  /** The countries the participants represent, and the index of each one's participant. */
  countries: string[];
  participants: number[];
  recordIndex: number;
  recordId: string | undefined;
  position: Position;
  /** Positions of the countries. */
  locations: Position[];
}

/** Itemised pending checks per referenced id; beyond it, only counted. */
export const PENDING_ITEMS_PER_ID = 16;
/** Ids whose records are scanned for a "did you mean" of an unresolved reference. */
export const SUGGESTION_ID_LIMIT = 50_000;
/** Integers per deferred reference in DatasetRulesState.deferredData. */
const DEFERRED_FIELDS = 6;
/** Numbers per record holding deferred references in DatasetRulesState.deferredRecords. */
const DEFERRED_RECORD_FIELDS = 4;
/** Dangling references per run that get a "did you mean". */
export const SUGGESTION_BUDGET = 200;

const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** Earliest and latest day (yyyymmdd) a partial date can denote; undefined when malformed. */
export function dayRange(value: unknown): [number, number] | undefined {
  if (typeof value !== "string") return undefined;
  const m = DATE.exec(value);
  if (!m) return undefined;
  const y = Number(m[1]) * 10000;
  const month = m[2] === undefined ? undefined : Number(m[2]);
  const day = m[3] === undefined ? undefined : Number(m[3]);
  return [y + (month ?? 1) * 100 + (day ?? 1), y + (month ?? 12) * 100 + (day ?? 31)];
}

export function dateValue(x: unknown): string | undefined {
  if (x !== null && typeof x === "object" && !Array.isArray(x)) {
    const v = (x as { value?: unknown }).value;
    return typeof v === "string" ? v : undefined;
  }
  return undefined;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === "object" && !Array.isArray(x);
}

export class DatasetRules {
  /** id → recordIndex * 8 + index of its record type (a number is far smaller than an object per id). */
  private readonly ids = new IdTable();
  /** Id strings and type codes, kept while few enough to search for "did you mean". */
  private names: string[] | undefined = [];
  private nameTypes: number[] = [];
  /** Start line and byte offset of each record with an id, by record index (for messages and merging). */
  private recordLines = new Float64Array(1024);
  private recordOffsets = new Float64Array(1024);
  private sites: ReadonlyArray<{ pointer: string; target: string }> | undefined;
  /** Parts only: references not settled within the part, compactly (see exportState). */
  private deferred:
    | {
        index: IdTable;
        ids: string[];
        data: Int32Array<ArrayBuffer>;
        length: number;
        records: Float64Array<ArrayBuffer>;
        recordCount: number;
        lastRecord: number;
      }
    | undefined;
  /** Merger only: deferred references of the parts, settled in `finish`. */
  private readonly imported: Array<{
    state: DatasetRulesState;
    lineOffset: number;
    recordOffset: number;
  }> = [];
  /**
   * Merger only: positions a pointer (or, given `value`, that string) inside the record that
   * starts at `offset`/`line`, by re-reading it; without it, findings point at the record start.
   */
  locator:
    | ((offset: number, line: number, pointer: string, value?: string) => LocatedRecord)
    | undefined;
  private readonly typeCodes = new Map<string, number>();
  private readonly typeNames: string[] = [];
  private readonly pendingRefs = new Map<
    string,
    { items: PendingItem[]; more: number; moreRecords: number[] }
  >();
  /** source id → latest day its publication date can denote. */
  private readonly sourcePublished = new IdTable();
  private readonly pendingDates = new Map<
    string,
    { items: PendingDate[]; more: number; moreRecords: number[] }
  >();
  /** format id → member countries (formats with at least one country member). */
  private readonly formatMembers = new Map<string, Set<string>>();
  private readonly pendingFormats = new Map<string, PendingFormat[]>();
  /** Ids that have (or had) a pending check of any kind: a cheap test before the Maps. */
  private readonly maybePending = new IdTable();

  private refsEnabled = false;
  private datesEnabled = false;
  private current:
    | {
        record: Record<string, unknown>;
        handle: RecordHandle;
        sites: VersionModule["REFERENCE_SITES"];
        eventStart: [number, number] | undefined;
      }
    | undefined;

  /** Rules enabled, asked once: the configuration does not change during a run. */
  private readonly enabledRules = new Map<string, boolean>();
  private on(ruleId: string): boolean {
    let on = this.enabledRules.get(ruleId);
    if (on === undefined) {
      on = this.sink.enabled(ruleId);
      this.enabledRules.set(ruleId, on);
    }
    return on;
  }

  constructor(
    private readonly sink: DatasetRuleSink,
    /** Part of a split file: keep id positions, defer unsettled references (see exportState). */
    keepIdPositions = false,
  ) {
    if (keepIdPositions) {
      this.deferred = {
        index: new IdTable(),
        ids: [],
        data: new Int32Array(DEFERRED_FIELDS * 4096),
        length: 0,
        records: new Float64Array(DEFERRED_RECORD_FIELDS * 1024),
        recordCount: 0,
        lastRecord: -1,
      };
    }
  }

  /** Called by the compiled collector for each reference of the current record (bound once: no closure per record). */
  private readonly onReference = (ref: string, siteIndex: number, i0: number, i1: number): void => {
    const cur = this.current;
    if (!cur) return;
    const site = cur.sites[siteIndex];
    if (!site) return;
    const { handle, eventStart, record } = cur;
    const seen = this.ids.get(ref);
    if (seen === undefined && this.deferred) {
      // Part of a split file: the id may be in another part. Keep a compact note (interned
      // id, numbers in a typed array); positions are found by re-reading the record, and only
      // for what the merger reports.
      const checks =
        (this.refsEnabled ? 1 : 0) |
        (this.datesEnabled && site.target === "source" && eventStart ? 2 : 0);
      if (checks) {
        const d = this.deferred;
        // `ref` was hashed by `this.ids.get` just above: not hashed again.
        let idIndex = d.index.addLast(d.ids.length);
        if (idIndex === undefined) {
          idIndex = d.ids.length;
          d.ids.push(ref);
        }
        // The record's place is noted once per record, the reference in six small integers.
        if (d.lastRecord !== handle.index) {
          if ((d.recordCount + 1) * DEFERRED_RECORD_FIELDS > d.records.length) {
            d.records = grow(d.records, d.records.length * 2);
          }
          const r = d.recordCount++ * DEFERRED_RECORD_FIELDS;
          d.records[r] = handle.index;
          d.records[r + 1] = handle.start.line;
          d.records[r + 2] = handle.start.offset;
          d.records[r + 3] = eventStart ? eventStart[0] : 0;
          d.lastRecord = handle.index;
        }
        if ((d.length + 1) * DEFERRED_FIELDS > d.data.length) {
          const bigger = new Int32Array(d.data.length * 2);
          bigger.set(d.data);
          d.data = bigger;
        }
        const o = d.length++ * DEFERRED_FIELDS;
        const data = d.data;
        data[o] = checks;
        data[o + 1] = siteIndex;
        data[o + 2] = i0;
        data[o + 3] = i1;
        data[o + 4] = d.recordCount - 1;
        data[o + 5] = idIndex;
      }
      return;
    }
    if (seen === undefined) {
      if (this.refsEnabled) this.addPendingRef(ref, site.target, site.pointer, i0, i1, handle);
      if (this.datesEnabled && site.target === "source" && eventStart) {
        this.addPendingDate(
          ref,
          eventStart[0],
          dateValue(record.date) as string,
          citationPointer(fillPointer(site.pointer, i0, i1)),
          handle,
        );
      }
      return;
    }
    const actual = this.typeNames[seen % 8] as string;
    if (actual !== site.target) {
      if (this.refsEnabled) {
        const pointer = fillPointer(site.pointer, i0, i1);
        this.wrongType(
          ref,
          site.target,
          actual,
          pointer,
          handle.index,
          handle.id,
          handle.locate(pointer),
        );
      }
      return;
    }
    if (this.datesEnabled && eventStart && actual === "source") {
      // `ref` was hashed by `this.ids.get` above, and nothing else was hashed since.
      const published = this.sourcePublished.getLast();
      if (published !== undefined && published < eventStart[0]) {
        const pointer = citationPointer(fillPointer(site.pointer, i0, i1));
        this.sink.report({
          ruleId: "source-published-before-event",
          message: `Source '${ref}' was published before the event it is cited for (event date ${dateValue(record.date)})`,
          pointer,
          position: handle.locate(pointer),
          recordIndex: handle.index,
          ...(handle.id ? { recordId: handle.id } : {}),
        });
      }
    }
  };

  private typeCode(type: string): number {
    let code = this.typeCodes.get(type);
    if (code === undefined) {
      code = this.typeNames.length;
      this.typeNames.push(type);
      this.typeCodes.set(type, code);
    }
    return code;
  }

  /** Declares an id of a record that starts at `line`/`offset`. */
  private declare(
    id: string,
    type: string,
    recordIndex: number,
    line: number,
    offset: number,
  ): void {
    const code = this.typeCode(type);
    this.ids.add(id, recordIndex * 8 + code);
    if (this.names) {
      if (this.names.length < SUGGESTION_ID_LIMIT) {
        this.names.push(id);
        this.nameTypes.push(code);
      } else {
        this.names = undefined;
        this.nameTypes = [];
      }
    }
    this.noteRecord(recordIndex, line, offset);
  }

  private noteRecord(recordIndex: number, line: number, offset: number): void {
    if (recordIndex >= this.recordLines.length) {
      const size = Math.max(recordIndex + 1, this.recordLines.length * 2);
      this.recordLines = grow(this.recordLines, size);
      this.recordOffsets = grow(this.recordOffsets, size);
    }
    this.recordLines[recordIndex] = line;
    this.recordOffsets[recordIndex] = offset;
  }

  /** Processes one parsed record (valid or not: every access is defensive). */
  onRecord(
    record: Record<string, unknown>,
    type: string,
    mod: VersionModule,
    handle: RecordHandle,
  ): void {
    const sink = this.sink;
    const id = typeof record.id === "string" && record.id.length > 0 ? record.id : undefined;
    if (id !== undefined) {
      const seen = this.ids.get(id);
      if (seen !== undefined) {
        if (this.on("id-duplicate")) {
          const firstLine = this.recordLines[Math.floor(seen / 8)];
          sink.report({
            ruleId: "id-duplicate",
            message: `Id '${id}' is already used by the ${this.typeNames[seen % 8]} record at line ${firstLine}`,
            pointer: "/id",
            position: handle.locate("/id"),
            recordIndex: handle.index,
            recordId: id,
          });
        }
      } else {
        this.declare(id, type, handle.index, handle.start.line, handle.start.offset);
        if (type === "source") {
          const range = dayRange(dateValue(record.published));
          if (range) this.sourcePublished.add(id, range[1]);
        } else if (type === "format" && Array.isArray(record.members)) {
          const countries = new Set<string>();
          for (const m of record.members)
            if (isObject(m) && typeof m.country === "string") countries.add(m.country);
          if (countries.size) this.formatMembers.set(id, countries);
        }
        this.resolvePendingFor(id, type);
      }
    }

    const eventStart = type === "event" ? dayRange(dateValue(record.date)) : undefined;
    this.refsEnabled = this.on("ref-dangling") || this.on("ref-wrong-type");
    this.datesEnabled = eventStart !== undefined && this.on("source-published-before-event");
    if (this.refsEnabled || this.datesEnabled) {
      this.current = { record, handle, sites: mod.REFERENCE_SITES, eventStart };
      this.sites = mod.REFERENCE_SITES;
      mod.collectReferences(record, type, this.onReference);
      this.current = undefined;
    }

    switch (type) {
      case "event":
        this.eventRules(record, handle, eventStart);
        break;
      case "person":
        if (Array.isArray(record.positions)) {
          record.positions.forEach((p, i) => {
            if (isObject(p))
              this.period(p.start, p.end, `/positions/${i}`, "start", "end", "position", handle);
          });
        }
        break;
      case "organization":
      case "format":
        if (Array.isArray(record.members)) {
          record.members.forEach((m, i) => {
            if (isObject(m))
              this.period(
                m.since,
                m.until,
                `/members/${i}`,
                "since",
                "until",
                "membership",
                handle,
              );
          });
        }
        break;
      case "quote":
        if (
          Array.isArray(record.insertions) &&
          typeof record.text === "string" &&
          this.on("quote-insertion-not-found")
        ) {
          const text = record.text;
          record.insertions.forEach((insertion, i) => {
            if (!isObject(insertion) || typeof insertion.text !== "string" || insertion.text === "")
              return;
            const wanted =
              typeof insertion.occurrence === "number" && insertion.occurrence >= 1
                ? insertion.occurrence
                : 1;
            let found = 0;
            for (
              let at = text.indexOf(insertion.text);
              at >= 0 && found < wanted;
              at = text.indexOf(insertion.text, at + 1)
            )
              found++;
            if (found >= wanted) return;
            const pointer = `/insertions/${i}/text`;
            sink.report({
              ruleId: "quote-insertion-not-found",
              message:
                wanted === 1
                  ? `The insertion '${insertion.text}' does not occur in the quote's text`
                  : `The quote's text has ${found} occurrence(s) of '${insertion.text}', not ${wanted}`,
              pointer,
              position: handle.locate(pointer),
              recordIndex: handle.index,
              ...(handle.id ? { recordId: handle.id } : {}),
            });
          });
        }
        if (
          isObject(record.speaker) &&
          record.speaker.unresolved !== undefined &&
          this.on("quote-speaker-unresolved")
        ) {
          const u = record.speaker.unresolved;
          const who = isObject(u)
            ? typeof u.name === "string"
              ? u.name
              : typeof u.description === "string"
                ? u.description
                : ""
            : "";
          sink.report({
            ruleId: "quote-speaker-unresolved",
            message: `The speaker is known only as '${who}'; link a person record when the source identifies them`,
            pointer: "/speaker/unresolved",
            position: handle.locate("/speaker/unresolved"),
            recordIndex: handle.index,
            ...(handle.id ? { recordId: handle.id } : {}),
          });
        }
        break;
    }
  }

  private eventRules(
    record: Record<string, unknown>,
    handle: RecordHandle,
    start: [number, number] | undefined,
  ): void {
    const sink = this.sink;
    const end = dayRange(dateValue(record.endDate));
    if (start && end && end[1] < start[0] && this.on("event-end-before-start")) {
      sink.report({
        ruleId: "event-end-before-start",
        message: `The event ends (${dateValue(record.endDate)}) before it starts (${dateValue(record.date)})`,
        pointer: "/endDate",
        position: handle.locate("/endDate"),
        recordIndex: handle.index,
        ...(handle.id ? { recordId: handle.id } : {}),
      });
    }
    // Standard 1.1: bounds on an undated event must leave room for it.
    if (record.notBefore !== undefined && record.notAfter !== undefined)
      this.period(
        record.notBefore,
        record.notAfter,
        "",
        "notBefore",
        "notAfter",
        "window the event's date is bounded to",
        handle,
      );
    if (
      !this.on("format-members-participants") ||
      !Array.isArray(record.formats) ||
      !Array.isArray(record.participants)
    )
      return;
    // Countries and participant indexes only: a pointer is built for a reported finding.
    const countries: string[] = [];
    const participants: number[] = [];
    const all = record.participants;
    for (let i = 0; i < all.length; i++) {
      const p = all[i];
      if (isObject(p) && isObject(p.represents) && typeof p.represents.country === "string") {
        countries.push(p.represents.country);
        participants.push(i);
      }
    }
    if (!countries.length) return;
    for (const link of record.formats) {
      if (!isObject(link) || link.link !== "held-in" || typeof link.format !== "string") continue;
      const members = this.formatMembers.get(link.format);
      if (members)
        this.checkFormat(
          link.format,
          members,
          countries,
          participants,
          handle.index,
          handle.id,
          (p) => handle.locate(p),
        );
      else if (!this.ids.has(link.format)) {
        // Not capped like other pending checks: a capped list would silently skip the
        // membership check of every event beyond the cap (and a worker part, which does not
        // know the formats of earlier parts, would skip checks one thread makes). Each item
        // holds only the countries and their positions, until the format's record arrives.
        const list = this.pendingFormats.get(link.format) ?? [];
        list.push({
          countries,
          participants,
          recordIndex: handle.index,
          recordId: handle.id,
          position: handle.start,
          // Positioned now, also in a part: the format may come later in the same part,
          // where no locator can re-read the record (it was reported at the record's start).
          locations: countries.map((c, k) =>
            handle.locateString(countryPointer(participants[k] as number), c),
          ),
        });
        this.pendingFormats.set(link.format, list);
        this.maybePending.add(link.format, 1);
      }
    }
  }

  private checkFormat(
    format: string,
    members: Set<string>,
    countries: string[],
    participants: number[],
    recordIndex: number,
    recordId: string | undefined,
    locate: (pointer: string, k: number) => Position,
  ): void {
    countries.forEach((country, k) => {
      if (members.has(country)) return;
      const pointer = countryPointer(participants[k] as number);
      this.sink.report({
        ruleId: "format-members-participants",
        message: `A participant represents ${country}, which is not a member of format '${format}' the event was held in (members: ${[...members].join(", ")})`,
        pointer,
        position: locate(pointer, k),
        recordIndex,
        ...(recordId ? { recordId } : {}),
      });
    });
  }

  private period(
    startValue: unknown,
    endValue: unknown,
    base: string,
    startName: string,
    endName: string,
    what: string,
    handle: RecordHandle,
  ): void {
    const start = dayRange(dateValue(startValue));
    const end = dayRange(dateValue(endValue));
    if (!start || !end || end[1] >= start[0] || !this.on("period-end-before-start")) return;
    const pointer = `${base}/${endName}/value`;
    this.sink.report({
      ruleId: "period-end-before-start",
      message: `The ${what} ends (${dateValue(endValue)}) before it starts (${dateValue(startValue)}: '${startName}')`,
      pointer,
      position: handle.locate(pointer),
      recordIndex: handle.index,
      ...(handle.id ? { recordId: handle.id } : {}),
    });
  }

  private addPendingRef(
    ref: string,
    target: string,
    template: string,
    i0: number,
    i1: number,
    handle: RecordHandle,
  ): void {
    let entry = this.pendingRefs.get(ref);
    if (!entry) {
      entry = { items: [], more: 0, moreRecords: [] };
      this.pendingRefs.set(ref, entry);
      this.maybePending.add(ref, 1);
    }
    if (entry.items.length < PENDING_ITEMS_PER_ID) {
      entry.items.push({
        target,
        template,
        i0,
        i1,
        recordIndex: handle.index,
        recordId: handle.id,
        position: handle.locateString(() => fillPointer(template, i0, i1), ref),
      });
    } else {
      entry.more++;
      entry.moreRecords.push(handle.index);
    }
  }

  private addPendingDate(
    ref: string,
    eventEarliest: number,
    eventDate: string,
    pointer: string,
    handle: RecordHandle,
  ): void {
    let entry = this.pendingDates.get(ref);
    if (!entry) {
      entry = { items: [], more: 0, moreRecords: [] };
      this.pendingDates.set(ref, entry);
      this.maybePending.add(ref, 1);
    }
    if (entry.items.length < PENDING_ITEMS_PER_ID) {
      entry.items.push({
        eventEarliest,
        eventDate,
        pointer,
        recordIndex: handle.index,
        recordId: handle.id,
        position: handle.locateString(pointer, ref),
      });
    } else entry.more++;
  }

  /** A record with `id` arrived: settle the checks that were waiting for it. */
  private resolvePendingFor(id: string, type: string): void {
    // Most declared ids were never referenced ahead of their record: one hash, no Map lookups.
    if (!this.maybePending.has(id)) return;
    const refs = this.pendingRefs.get(id);
    if (refs) {
      this.pendingRefs.delete(id);
      for (const item of refs.items) {
        if (item.target !== type)
          this.wrongType(
            id,
            item.target,
            type,
            fillPointer(item.template, item.i0, item.i1),
            item.recordIndex,
            item.recordId,
            item.position,
          );
      }
      // Beyond the itemised ones, a wrong type can only be counted: their targets were not kept.
    }
    const dates = this.pendingDates.get(id);
    if (dates) {
      this.pendingDates.delete(id);
      const published = this.sourcePublished.get(id);
      if (published !== undefined && type === "source") {
        for (const item of dates.items) {
          if (published < item.eventEarliest) {
            this.sink.report({
              ruleId: "source-published-before-event",
              message: `Source '${id}' was published before the event it is cited for (event date ${item.eventDate})`,
              pointer: item.pointer,
              position: item.position,
              recordIndex: item.recordIndex,
              ...(item.recordId ? { recordId: item.recordId } : {}),
            });
          }
        }
      }
    }
    const formats = this.pendingFormats.get(id);
    if (formats) {
      this.pendingFormats.delete(id);
      const members = this.formatMembers.get(id);
      if (members) {
        for (const item of formats) {
          this.checkFormat(
            id,
            members,
            item.countries,
            item.participants,
            item.recordIndex,
            item.recordId,
            (p, k) =>
              item.locations[k] ??
              this.locator?.(item.position.offset, item.position.line, p, item.countries[k])
                .position ??
              item.position,
          );
        }
      }
    }
  }

  private wrongType(
    ref: string,
    expected: string,
    actual: string,
    pointer: string,
    recordIndex: number,
    recordId: string | undefined,
    position: Position,
  ): void {
    if (!this.on("ref-wrong-type")) return;
    this.sink.report({
      ruleId: "ref-wrong-type",
      message: `'${ref}' is ${/^[aeiou]/.test(actual) ? "an" : "a"} ${actual} record; a reference to ${/^[aeiou]/.test(expected) ? "an" : "a"} ${expected} is required here`,
      pointer,
      position,
      recordIndex,
      ...(recordId ? { recordId } : {}),
    });
  }

  /** End of input: settles pending checks whose id is known (merged states), then every reference still pending is unresolved. */
  finish(): void {
    this.settleDeferred();
    const known = new Set<string>();
    for (const id of this.pendingRefs.keys()) if (this.ids.has(id)) known.add(id);
    for (const id of this.pendingDates.keys()) if (this.ids.has(id)) known.add(id);
    for (const id of this.pendingFormats.keys()) if (this.ids.has(id)) known.add(id);
    for (const id of known)
      this.resolvePendingFor(id, this.typeNames[(this.ids.get(id) as number) % 8] as string);
    this.pendingDates.clear();
    this.pendingFormats.clear();
    if (!this.on("ref-dangling")) return;
    // "Did you mean" compares with every id of the target type: affordable for the first few
    // dangling references of a dataset of modest size, not for thousands of them.
    let budget = this.names ? SUGGESTION_BUDGET : 0;
    const byType = new Map<string, string[]>();
    const candidatesOf = (type: string): string[] => {
      let list = byType.get(type);
      if (!list) {
        const code = this.typeCodes.get(type);
        list = [];
        const names = this.names ?? [];
        if (code !== undefined) {
          for (let k = 0; k < names.length; k++)
            if (this.nameTypes[k] === code) list.push(names[k] as string);
        }
        byType.set(type, list);
      }
      return list;
    };
    for (const [ref, entry] of this.pendingRefs) {
      for (const item of entry.items) {
        let suggestion: string | undefined;
        if (budget > 0) {
          budget--;
          suggestion = didYouMean(ref, candidatesOf(item.target));
        }
        this.sink.report({
          ruleId: "ref-dangling",
          message: `No ${item.target} record has id '${ref}'${suggestion ? ` (did you mean '${suggestion}'?)` : ""}`,
          pointer: fillPointer(item.template, item.i0, item.i1),
          position: item.position,
          recordIndex: item.recordIndex,
          ...(item.recordId ? { recordId: item.recordId } : {}),
          ...(suggestion ? { suggestion } : {}),
        });
      }
      if (entry.more) this.sink.tally("ref-dangling", entry.more, entry.moreRecords);
    }
    this.pendingRefs.clear();
  }

  /**
   * Merger: settles the parts' deferred references against the ids of all parts, in input
   * order. Unknown ids join the pending references, so that `finish` reports them exactly as a
   * single pass would (same order, same suggestions); the rest are checked here.
   */
  private settleDeferred(): void {
    for (const { state, lineOffset, recordOffset } of this.imported) {
      const ids = state.deferredIds.split("\u0000");
      const d = state.deferredData;
      const records = state.deferredRecords;
      // Each distinct id is looked up once, not once per reference to it.
      const seenOf = new Float64Array(ids.length);
      const publishedOf = new Float64Array(ids.length);
      ids.forEach((id, k) => {
        seenOf[k] = this.ids.get(id) ?? -1;
        publishedOf[k] = this.sourcePublished.get(id) ?? -1;
      });
      const datesOn = this.on("source-published-before-event");
      for (let o = 0; o < d.length; o += DEFERRED_FIELDS) {
        const checks = d[o] as number;
        const site = state.sites[d[o + 1] as number];
        if (!site) continue;
        const known = seenOf[d[o + 5] as number] as number;
        const r = (d[o + 4] as number) * DEFERRED_RECORD_FIELDS;
        // The common case, settled without building anything: a reference to a record of the
        // right type, and no date in the wrong order.
        if (known >= 0 && this.typeNames[known % 8] === site.target) {
          const published = publishedOf[d[o + 5] as number] as number;
          if (!(checks & 2) || !datesOn || published < 0 || published >= (records[r + 3] as number))
            continue;
        }
        const ref = ids[d[o + 5] as number] as string;
        const recordIndex = (records[r] as number) + recordOffset;
        const line = (records[r + 1] as number) + lineOffset;
        const offset = records[r + 2] as number;
        const eventDay = records[r + 3] as number;
        const refPointer = fillPointer(site.pointer, d[o + 2] as number, d[o + 3] as number);
        const reread = (pointer: string, value?: string): LocatedRecord =>
          this.locator?.(offset, line, pointer, value) ?? { position: { line, column: 1, offset } };
        const seen = known >= 0 ? known : undefined;
        if (seen === undefined) {
          if (!(checks & 1)) continue;
          let entry = this.pendingRefs.get(ref);
          if (!entry) {
            entry = { items: [], more: 0, moreRecords: [] };
            this.pendingRefs.set(ref, entry);
            this.maybePending.add(ref, 1);
          }
          if (entry.items.length < PENDING_ITEMS_PER_ID) {
            const found = reread(refPointer, ref);
            entry.items.push({
              target: site.target,
              template: site.pointer,
              i0: d[o + 2] as number,
              i1: d[o + 3] as number,
              recordIndex,
              recordId: idOf(found.record),
              position: found.position,
            });
          } else {
            entry.more++;
            entry.moreRecords.push(recordIndex);
          }
          continue;
        }
        const actual = this.typeNames[seen % 8] as string;
        if (actual !== site.target) {
          if (checks & 1) {
            const found = reread(refPointer);
            this.wrongType(
              ref,
              site.target,
              actual,
              refPointer,
              recordIndex,
              idOf(found.record),
              found.position,
            );
          }
          continue;
        }
        if (checks & 2 && datesOn) {
          const published = this.sourcePublished.get(ref);
          if (published !== undefined && published < eventDay) {
            const pointer = citationPointer(refPointer);
            const found = reread(pointer, ref);
            const recordId = idOf(found.record);
            this.sink.report({
              ruleId: "source-published-before-event",
              message: `Source '${ref}' was published before the event it is cited for (event date ${isObject(found.record) ? dateValue(found.record.date) : "?"})`,
              pointer,
              position: found.position,
              recordIndex,
              ...(recordId ? { recordId } : {}),
            });
          }
        }
      }
    }
    this.imported.length = 0;
  }

  /**
   * What a worker that validated one part of a dataset hands to the merger: its ids and the
   * facts and pending checks that records of other parts may settle. Plain data (structured
   * clone); ids are joined into one string, which clones far faster than an array of strings.
   */
  exportState(): DatasetRulesState {
    // Written straight into typed arrays of the final size: arrays of numbers built first
    // cost ~30 MB more peak memory per 500k ids, at the moment the worker's heap is fullest.
    const lanes = new Int32Array(this.ids.size * 2);
    const data = new Float64Array(this.ids.size * 4);
    let k = 0;
    this.ids.forEach((a, b, packed) => {
      const recordIndex = Math.floor(packed / 8);
      lanes[k * 2] = a;
      lanes[k * 2 + 1] = b;
      data[k * 4] = recordIndex;
      data[k * 4 + 1] = this.recordLines[recordIndex] as number;
      data[k * 4 + 2] = this.recordOffsets[recordIndex] as number;
      data[k * 4 + 3] = packed % 8;
      k++;
    });
    const published = new Float64Array(this.sourcePublished.size * 3);
    k = 0;
    this.sourcePublished.forEach((a, b, day) => {
      published[k++] = a;
      published[k++] = b;
      published[k++] = day;
    });
    return {
      typeNames: this.typeNames,
      idLanes: lanes,
      idData: data,
      names: this.names ? this.names.join("\u0000") : null,
      nameTypes: this.names ? new Int32Array(this.nameTypes) : null,
      sourcePublished: published,
      pendingRefs: [...this.pendingRefs],
      pendingDates: [...this.pendingDates],
      formatMembers: [...this.formatMembers].map(([id, set]) => [id, [...set]]),
      pendingFormats: [...this.pendingFormats],
      deferredIds: this.deferred?.ids.join("\u0000") ?? "",
      // Views, not copies: the worker transfers their buffers (20 MB and more for the second
      // half of a large file), so copying them would only raise the worker's peak memory.
      deferredRecords: this.deferred
        ? this.deferred.records.subarray(0, this.deferred.recordCount * DEFERRED_RECORD_FIELDS)
        : new Float64Array(0),
      deferredData: this.deferred
        ? this.deferred.data.subarray(0, this.deferred.length * DEFERRED_FIELDS)
        : new Int32Array(0),
      sites: this.sites ?? [],
    };
  }

  /**
   * Merger only: sizes the id table and the per-record positions for the parts' totals before
   * `importState`, instead of growing them by doubling (each doubling holds the old and the
   * new arrays at once: the merger's peak memory).
   */
  reserve(ids: number, records: number): void {
    this.ids.reserve(ids);
    if (records > this.recordLines.length) {
      this.recordLines = grow(this.recordLines, records);
      this.recordOffsets = grow(this.recordOffsets, records);
    }
  }

  /**
   * Merges the state of one part (parts in input order). Ids already declared by an earlier
   * part are duplicates; positions are shifted by the lines and records before the part.
   * Call `finish()` after the last part.
   */
  importState(state: DatasetRulesState, lineOffset: number, recordOffset: number): void {
    if (state.deferredData.length) this.imported.push({ state, lineOffset, recordOffset });
    const shift = (p: Position): Position => ({
      line: p.line + lineOffset,
      column: p.column,
      offset: p.offset,
    });
    const lanes = state.idLanes;
    const data = state.idData;
    for (let k = 0; k < lanes.length / 2; k++) {
      const recordIndex = (data[k * 4] as number) + recordOffset;
      const line = (data[k * 4 + 1] as number) + lineOffset;
      const offset = data[k * 4 + 2] as number;
      const code = this.typeCode(state.typeNames[data[k * 4 + 3] as number] as string);
      const seen = this.ids.addHashed(
        lanes[k * 2] as number,
        lanes[k * 2 + 1] as number,
        recordIndex * 8 + code,
      );
      if (seen === undefined) {
        this.noteRecord(recordIndex, line, offset);
        continue;
      }
      if (!this.on("id-duplicate")) continue;
      // The part kept no strings: the record is re-read for its id and the id's position.
      const found = this.locator?.(offset, line, "/id") ?? {
        position: { line, column: 1, offset },
      };
      const id = idOf(found.record);
      this.sink.report({
        ruleId: "id-duplicate",
        message: `Id ${id === undefined ? "" : `'${id}' `}is already used by the ${this.typeNames[seen % 8]} record at line ${this.recordLines[Math.floor(seen / 8)]}`,
        pointer: "/id",
        position: found.position,
        recordIndex,
        ...(id !== undefined ? { recordId: id } : {}),
      });
    }
    if (state.names !== null && state.nameTypes !== null && this.names) {
      const names = state.names === "" ? [] : state.names.split("\u0000");
      names.forEach((name, k) => {
        if (!this.names) return;
        if (this.names.length >= SUGGESTION_ID_LIMIT) {
          this.names = undefined;
          return;
        }
        this.names.push(name);
        this.nameTypes.push(
          this.typeCode(state.typeNames[state.nameTypes?.[k] as number] as string),
        );
      });
    } else {
      this.names = undefined;
    }
    const published = state.sourcePublished;
    for (let k = 0; k < published.length; k += 3) {
      this.sourcePublished.addHashed(
        published[k] as number,
        published[k + 1] as number,
        published[k + 2] as number,
      );
    }
    for (const [id, members] of state.formatMembers)
      if (!this.formatMembers.has(id)) this.formatMembers.set(id, new Set(members));
    for (const [id, entry] of state.pendingRefs) {
      const mine = this.pendingRefs.get(id) ?? { items: [], more: 0, moreRecords: [] };
      for (const item of entry.items) {
        if (mine.items.length < PENDING_ITEMS_PER_ID)
          mine.items.push({
            ...item,
            recordIndex: item.recordIndex + recordOffset,
            position: shift(item.position),
          });
        else {
          mine.more++;
          mine.moreRecords.push(item.recordIndex + recordOffset);
        }
      }
      mine.more += entry.more;
      for (const r of entry.moreRecords) mine.moreRecords.push(r + recordOffset);
      this.pendingRefs.set(id, mine);
      this.maybePending.add(id, 1);
    }
    for (const [id, entry] of state.pendingDates) {
      const mine = this.pendingDates.get(id) ?? { items: [], more: 0, moreRecords: [] };
      for (const item of entry.items)
        mine.items.push({
          ...item,
          recordIndex: item.recordIndex + recordOffset,
          position: shift(item.position),
        });
      this.pendingDates.set(id, mine);
      this.maybePending.add(id, 1);
    }
    for (const [id, list] of state.pendingFormats) {
      const mine = this.pendingFormats.get(id) ?? [];
      for (const item of list) {
        mine.push({
          ...item,
          recordIndex: item.recordIndex + recordOffset,
          position: shift(item.position),
          locations: item.locations.map(shift),
        });
      }
      this.pendingFormats.set(id, mine);
      this.maybePending.add(id, 1);
    }
  }

  /** Number of ids and pending checks held (for tests of bounded memory). */
  get retained(): { ids: number; pendingIds: number } {
    return {
      ids: this.ids.size,
      pendingIds: this.pendingRefs.size + this.pendingDates.size + this.pendingFormats.size,
    };
  }
}

function grow(array: Float64Array, size: number): Float64Array<ArrayBuffer> {
  const out = new Float64Array(size);
  out.set(array);
  return out;
}

/** Where the country of the participant at `index` is. */
export function countryPointer(index: number): string {
  return `/participants/${index}/represents/country`;
}

/** The citation object a `…/source` reference is in: where a date conflict is reported. */
export function citationPointer(pointer: string): string {
  return pointer.endsWith("/source") ? pointer.slice(0, -"/source".length) : pointer;
}

/** `/participants/*\/person` with (2, -1) → `/participants/2/person`. */
export function fillPointer(template: string, i0: number, i1: number): string {
  if (i0 < 0) return template;
  let k = 0;
  return template.replace(/\/\*(?=\/|$)/g, () => `/${k++ === 0 ? i0 : i1}`);
}
