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

import { IdFilter, IdTable } from "../id-table";
import type { Position } from "../json/position";
import type { RecordHandle } from "../record-cursor";
import type { RuleId } from "../rules";
import { didYouMean } from "../suggest";
import type { VersionModule } from "../versions";
import { ReferenceCycles } from "./cycles";
import {
  citationAt,
  countryAt,
  duplicateIdAt,
  recordStart,
  referenceAt,
} from "./finding-positions";
import {
  CHECK_FORMAT,
  CHECK_PUBLISHED,
  CHECK_REFERENCE,
  type DatasetRulesState,
  DEFERRED_FIELDS,
  DEFERRED_RECORD_FIELDS,
  DeferredReferences,
  grow,
  type PendingDate,
  type PendingFormat,
  type PendingItem,
  type RecordLocator,
  ReferenceLog,
  type RereadRecord,
} from "./merge-state";
import {
  danglingMessage,
  duplicateIdMessage,
  formatMembersMessage,
  publishedBeforeEventMessage,
  wrongTypeMessage,
} from "./messages";
import { citationPointer, countryPointer, fillPointer, valueAt } from "./pointers";
import { type DatasetRuleSink, enabledOnce } from "./sink";
import { dateValue, dayLast, dayRange, idOf, isObject } from "./values";

/** `array`'s numbers in an array twice its length. */
function grow32(array: Int32Array): Int32Array<ArrayBuffer> {
  const out = new Int32Array(array.length * 2);
  out.set(array);
  return out;
}

/** Itemised pending checks per referenced id; beyond it, only counted. */
export const PENDING_ITEMS_PER_ID = 16;
/** Ids whose records are scanned for a "did you mean" of an unresolved reference. */
export const SUGGESTION_ID_LIMIT = 50_000;
/** Dangling references reported by `finishing` between two pauses. */
const FINISH_BATCH = 1000;
/** Dangling references per run that get a "did you mean". */
export const SUGGESTION_BUDGET = 200;

/** Checks waiting for an id's record: the first few itemised, the rest counted. */
interface Waiting<T> {
  items: T[];
  more: number;
  moreRecords: number[];
}

export class DatasetRules {
  /** Reporting and parent links, checked for cycles at the end (rule reference-cycle). */
  private readonly cycles = new ReferenceCycles();
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
  private readonly deferred: DeferredReferences | undefined;
  /**
   * Later parts only: the references and format links settled here against ids defined here,
   * for the merger to re-check the few whose id an earlier part defines first (see importState).
   */
  private readonly localUses: ReferenceLog | undefined;
  /** Parts only: ids used again within the part, for the merger to report (see exportState). */
  private readonly partDuplicates: number[] | undefined;
  /** Merger only: deferred references of the parts, settled in `finish`. */
  private readonly imported: Array<{
    state: DatasetRulesState;
    lineOffset: number;
    recordOffset: number;
    /** The offsets in `deferredData` of the references still to settle (all while unset). */
    left?: number[];
  }> = [];
  /** Merger only: id strings of deferred references read back from their records, by hash lanes. */
  private readonly deferredNames = new IdTable();
  private readonly deferredNameList: string[] = [];
  /**
   * Merger only: re-reads the record that starts at `offset`/`line` to position its findings;
   * without it, findings point at the record start.
   */
  locator: RecordLocator | undefined;

  private reread(offset: number, line: number): RereadRecord {
    return this.locator?.(offset, line) ?? { at: recordStart({ line, column: 1, offset }) };
  }
  private readonly typeCodes = new Map<string, number>();
  private readonly typeNames: string[] = [];
  private readonly pendingRefs = new Map<string, Waiting<PendingItem>>();
  /** source id → latest day its publication date can denote. */
  private readonly sourcePublished = new IdTable();
  private readonly pendingDates = new Map<string, Waiting<PendingDate>>();
  /**
   * format id → member countries (formats with at least one country member) and the byte
   * offset of the format's record: a check against it is reported at the later of that offset
   * and the event's, as one process reads them (`Finding.emitted`).
   */
  private readonly formatMembers = new Map<string, { members: Set<string>; offset: number }>();
  private readonly pendingFormats = new Map<string, PendingFormat[]>();
  /** Ids that have (or had) a pending check of any kind: a cheap test before the Maps. */
  private readonly maybePending = new IdFilter();

  private refsEnabled = false;
  private datesEnabled = false;
  /**
   * The record whose references `collectReferences` is handing to `onReference` (fields, not
   * an object per record); `currentSites` undefined between records.
   */
  private currentRecord: Record<string, unknown> = {};
  private currentHandle: RecordHandle | undefined;
  private currentSites: VersionModule["REFERENCE_SITES"] | undefined;
  private currentEventStart: [number, number] | undefined;

  /** Whether any rule that needs the id table is on (decided at the first record). */
  private idsNeeded: boolean | undefined;
  /** Whether a rule is on, asked of the sink once per rule. */
  private readonly on: (ruleId: RuleId) => boolean;

  constructor(
    private readonly sink: DatasetRuleSink,
    /** Part of a split file: keep id positions, defer unsettled references (see exportState). */
    keepIdPositions = false,
    /** A later part: log what it settles against its own ids (see PartOptions.logLocalUses). */
    logLocalUses = false,
  ) {
    this.on = enabledOnce(sink);
    this.deferred = keepIdPositions ? new DeferredReferences() : undefined;
    this.localUses = keepIdPositions && logLocalUses ? new ReferenceLog() : undefined;
    this.partDuplicates = keepIdPositions ? [] : undefined;
  }

  /**
   * The current record's references, as the compiled collector hands them over (bound once: no
   * closure per record), kept in arrays reused from record to record: they are looked up only
   * when the record's last one is in (see `hashReferences`).
   */
  private refCount = 0;
  private readonly refIds: string[] = [];
  private refSites = new Int32Array(64);
  private refI0 = new Int32Array(64);
  private refI1 = new Int32Array(64);
  private refLaneA = new Int32Array(64);
  private refLaneB = new Int32Array(64);
  /** 1: a reference to a source whose publication date the record's date is checked against. */
  private refDated = new Int32Array(64);
  /** Sum of the slots read ahead of lookups: kept, so that the compiler keeps the reads. */
  touched = 0;

  private readonly onReference = (ref: string, siteIndex: number, i0: number, i1: number): void => {
    const k = this.refCount++;
    if (k === this.refSites.length) {
      this.refSites = grow32(this.refSites);
      this.refI0 = grow32(this.refI0);
      this.refI1 = grow32(this.refI1);
      this.refLaneA = grow32(this.refLaneA);
      this.refLaneB = grow32(this.refLaneB);
      this.refDated = grow32(this.refDated);
    }
    this.refIds[k] = ref;
    this.refSites[k] = siteIndex;
    this.refI0[k] = i0;
    this.refI1[k] = i1;
  };

  /**
   * The current record's references are looked up in three steps (see onRecord): the hash of
   * each (`hashReferences`), then the id table's slot where each lookup starts, read back to
   * back with the record's own id's (`touchReferences`: the processor waits for their cache
   * misses together, as the table is far larger than the caches: ~130 ns a miss, measured
   * 2.6× cheaper in batches), then the checks of each, in the order the collector gave them
   * (`checkReferences`).
   */
  private hashReferences(): void {
    const sites = this.currentSites;
    const dates = this.datesEnabled;
    for (let k = 0; k < this.refCount; k++) {
      IdTable.hashLast(this.refIds[k] as string);
      this.refLaneA[k] = IdTable.lastLaneA();
      this.refLaneB[k] = IdTable.lastLaneB();
      this.refDated[k] = dates && sites?.[this.refSites[k] as number]?.target === "source" ? 1 : 0;
    }
  }

  private touchReferences(): number {
    let touched = 0;
    for (let k = 0; k < this.refCount; k++) {
      const a = this.refLaneA[k] as number;
      const b = this.refLaneB[k] as number;
      touched += this.ids.touch(a, b);
      if (this.refDated[k] === 1) touched += this.sourcePublished.touch(a, b);
    }
    return touched;
  }

  private checkReferences(): void {
    const n = this.refCount;
    this.refCount = 0;
    for (let k = 0; k < n; k++) {
      IdTable.setLast(this.refLaneA[k] as number, this.refLaneB[k] as number);
      this.checkReference(
        this.refIds[k] as string,
        this.refSites[k] as number,
        this.refI0[k] as number,
        this.refI1[k] as number,
      );
    }
  }

  /** The checks of one reference; its id must be the one an id table hashed last. */
  private checkReference(ref: string, siteIndex: number, i0: number, i1: number): void {
    const sites = this.currentSites;
    const handle = this.currentHandle;
    if (sites === undefined || handle === undefined) return;
    const site = sites[siteIndex];
    if (!site) return;
    const eventStart = this.currentEventStart;
    const record = this.currentRecord;
    const seen = this.ids.getLast();
    if (this.deferred && seen === undefined) {
      // Part of a split file: the id may be in another part. Keep a compact note (interned id,
      // numbers in a typed array); positions are found by re-reading the record, and only for
      // what the merger reports. `ref` was hashed by `this.ids.get` just above: not again.
      this.defer(site.target, siteIndex, i0, i1, handle, eventStart);
      return;
    }
    if (seen === undefined) {
      if (this.refsEnabled) this.addPendingRef(ref, site.target, site.pointer, i0, i1, handle);
      if (this.datesEnabled && site.target === "source" && eventStart) {
        this.addPendingDate(
          ref,
          eventStart[0],
          dateValue(record.date) as string,
          fillPointer(site.pointer, i0, i1),
          handle,
        );
      }
      return;
    }
    // `& 7` is `% 8` of the integer (below 2^53) without a floating-point modulo.
    const actual = this.typeNames[seen & 7] as string;
    if (actual !== site.target) {
      // A later part: an earlier part may define the id first, as the right type: the merger
      // settles what fails here against the whole file's ids (`ref` is still the last hashed).
      if (this.localUses) this.defer(site.target, siteIndex, i0, i1, handle, eventStart);
      else if (this.refsEnabled) {
        const pointer = fillPointer(site.pointer, i0, i1);
        this.wrongType(
          ref,
          site.target,
          actual,
          pointer,
          handle.index,
          handle.id,
          referenceAt(handle, pointer, ref),
        );
      }
      return;
    }
    if (this.datesEnabled && eventStart && actual === "source") {
      // `ref` was hashed by `this.ids.get` above, and nothing else was hashed since.
      const published = this.sourcePublished.getLast();
      if (published !== undefined && published < eventStart[0]) {
        if (this.localUses) {
          this.defer(site.target, siteIndex, i0, i1, handle, eventStart);
          return;
        }
        const refPointer = fillPointer(site.pointer, i0, i1);
        this.sink.report({
          ruleId: "source-published-before-event",
          message: publishedBeforeEventMessage(ref, String(dateValue(record.date))),
          pointer: citationPointer(refPointer),
          position: citationAt(handle, refPointer),
          recordIndex: handle.index,
          ...(handle.id ? { recordId: handle.id } : {}),
        });
      }
    }
    if (this.localUses) {
      // Passed against this part's record of the id: noted with that record, in case an
      // earlier part turns out to define the id first (the merger then re-checks it).
      const checks = this.checksOf(site.target, eventStart);
      if (checks)
        this.localUses.add(
          checks,
          siteIndex,
          i0,
          i1,
          handle.index,
          handle.start.line,
          handle.start.offset,
          eventStart ? eventStart[0] : 0,
          Math.floor(seen / 8),
        );
    }
  }

  /** The checks a reference to a `target` record gets now (see CHECK_REFERENCE, CHECK_PUBLISHED). */
  private checksOf(target: string, eventStart: [number, number] | undefined): number {
    return (
      (this.refsEnabled ? CHECK_REFERENCE : 0) |
      (this.datesEnabled && target === "source" && eventStart ? CHECK_PUBLISHED : 0)
    );
  }

  /** Leaves a reference to the merger. Its id must be the one an id table hashed last. */
  private defer(
    target: string,
    siteIndex: number,
    i0: number,
    i1: number,
    handle: RecordHandle,
    eventStart: [number, number] | undefined,
  ): void {
    const checks = this.checksOf(target, eventStart);
    if (checks)
      this.deferred?.add(checks, siteIndex, i0, i1, handle, eventStart ? eventStart[0] : 0);
  }

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
    // `id` is the last id hashed (onRecord's lookup just before): stored without hashing it again.
    this.ids.addLast(recordIndex * 8 + code);
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

  /**
   * Declares the record's id and checks its references (valid record or not: every access is
   * defensive). Returns the event's date range, which the record rules need too.
   */
  onRecord(
    record: Record<string, unknown>,
    type: string,
    mod: VersionModule,
    handle: RecordHandle,
  ): [number, number] | undefined {
    const sink = this.sink;
    // With every rule that looks ids up off (the distributed map stage, or a user's config),
    // no id table: it is the one thing here that grows with the file (~50 MB a million ids).
    this.idsNeeded ??=
      this.on("id-duplicate") ||
      this.on("ref-dangling") ||
      this.on("ref-wrong-type") ||
      this.on("source-published-before-event") ||
      this.on("format-members-participants");
    const id =
      this.idsNeeded && typeof record.id === "string" && record.id.length > 0
        ? record.id
        : undefined;
    const eventStart = type === "event" ? dayRange(dateValue(record.date)) : undefined;
    this.refsEnabled = this.on("ref-dangling") || this.on("ref-wrong-type");
    this.datesEnabled = eventStart !== undefined && this.on("source-published-before-event");
    const references = this.refsEnabled || this.datesEnabled;
    if (references) {
      this.currentRecord = record;
      this.currentHandle = handle;
      this.currentSites = mod.REFERENCE_SITES;
      this.currentEventStart = eventStart;
      this.sites = mod.REFERENCE_SITES;
      this.refCount = 0;
      mod.collectReferences(record, type, this.onReference);
      this.hashReferences();
    }
    // The id table's slots of the record's id and of its references, read back to back (their
    // cache misses overlap; see hashReferences), before the id is declared and they are checked.
    let idA = 0;
    let idB = 0;
    let touched = 0;
    if (id !== undefined) {
      IdTable.hashLast(id);
      idA = IdTable.lastLaneA();
      idB = IdTable.lastLaneB();
      touched = this.ids.touch(idA, idB);
    }
    if (references) touched += this.touchReferences();
    this.touched = touched;

    if (id !== undefined) {
      IdTable.setLast(idA, idB);
      const seen = this.ids.getLast();
      if (seen !== undefined) {
        if (this.on("id-duplicate") && this.partDuplicates) {
          // A part numbers lines from its own start: the merger reports it (importState).
          const [a, b] = IdTable.lanes(id);
          this.partDuplicates.push(a, b, handle.index, handle.start.line, handle.start.offset);
        } else if (this.on("id-duplicate")) {
          const firstLine = this.recordLines[Math.floor(seen / 8)];
          sink.report({
            ruleId: "id-duplicate",
            message: duplicateIdMessage(
              id,
              this.typeNames[seen % 8] as string,
              firstLine as number,
            ),
            pointer: "/id",
            position: duplicateIdAt(handle),
            recordIndex: handle.index,
            recordId: id,
          });
        }
      } else {
        // `id` stays the last id hashed from the lookup above to the filter below (one hash).
        this.declare(id, type, handle.index, handle.start.line, handle.start.offset);
        if (type === "source") {
          const published = dayLast(dateValue(record.published));
          if (published >= 0) this.sourcePublished.addLast(published);
        } else if (type === "format" && Array.isArray(record.members)) {
          const countries = new Set<string>();
          for (const m of record.members)
            if (isObject(m) && typeof m.country === "string") countries.add(m.country);
          if (countries.size)
            this.formatMembers.set(id, { members: countries, offset: handle.start.offset });
        }
        // Most declared ids were never referenced ahead of their record: no hash, no Map lookup.
        if (this.maybePending.hasLast()) this.resolvePendingFor(id, type, true);
      }
    }

    if ((type === "source" || type === "organization") && this.on("reference-cycle"))
      this.cycles.note(record, type, handle);

    if (references) {
      this.checkReferences();
      this.currentSites = undefined;
      this.currentHandle = undefined;
      this.currentEventStart = undefined;
    }

    return eventStart;
  }

  /**
   * An event held in a format (`formats[].link` "held-in"): its participants' countries must be
   * members of the format — now if the format was read, when it arrives otherwise.
   */
  formatMembership(record: Record<string, unknown>, handle: RecordHandle): void {
    if (
      !this.on("format-members-participants") ||
      !Array.isArray(record.formats) ||
      !Array.isArray(record.participants)
    )
      return;
    const links = record.formats;
    const all = record.participants;
    // Decided at the first held-in link: most events are held in no format.
    let anyCountry: boolean | undefined;
    let represented: ReturnType<typeof representedCountries> | undefined;
    for (let j = 0; j < links.length; j++) {
      const link = links[j];
      if (!isObject(link) || link.link !== "held-in" || typeof link.format !== "string") continue;
      anyCountry ??= representsCountry(all);
      if (!anyCountry) return;
      const format = this.formatMembers.get(link.format);
      if (format && !this.localUses) {
        // The format was read before (one thread, the usual case): each country is checked
        // where it is, without gathering them (two arrays and an object per event).
        for (let i = 0; i < all.length; i++) {
          const country = countryOf(all[i]);
          if (country !== undefined && !format.members.has(country))
            this.reportNonMember(link.format, format, handle.start.offset, j, country, i, {
              recordIndex: handle.index,
              recordId: handle.id,
              position: countryAt(handle, i, country),
            });
        }
        continue;
      }
      represented ??= representedCountries(record);
      const { countries, participants } = represented;
      if (this.localUses) {
        const seen = this.ids.get(link.format);
        // A later part, and the format is defined here: settled here if every country is a
        // member (noted, as references are); what fails waits for the merger, which knows
        // whether an earlier part defines the format first. Not defined yet: it waits too.
        if (seen !== undefined && (!format || countries.every((c) => format.members.has(c)))) {
          const { index, start } = handle;
          const defined = Math.floor(seen / 8);
          this.localUses.add(CHECK_FORMAT, j, 0, 0, index, start.line, start.offset, 0, defined);
        } else this.holdFormat(link.format, countries, participants, handle, j);
        continue;
      }
      if (!this.ids.has(link.format))
        this.holdFormat(link.format, countries, participants, handle, j);
    }
  }

  /** An event's format check waits for the format's record (or, in a part, for the merger). */
  private holdFormat(
    format: string,
    countries: string[],
    participants: number[],
    handle: RecordHandle,
    link: number,
  ): void {
    // Not capped like other pending checks: a capped list would silently skip the membership
    // check of every event beyond the cap (and a worker part, which does not know the formats
    // of earlier parts, would skip checks one thread makes). Each item holds only the countries
    // and their positions, until the format's record arrives.
    const list = this.pendingFormats.get(format) ?? [];
    list.push({
      countries,
      participants,
      recordIndex: handle.index,
      recordId: handle.id,
      position: handle.start,
      link,
      // Positioned now, unless a locator can re-read the record if a country is reported (a
      // part's worker): locating every country of every such event through the precise
      // tokenizer was 15 % of a later part's time, where formats of earlier parts are unknown.
      locations: this.locator
        ? []
        : countries.map((c, k) => countryAt(handle, participants[k] as number, c)),
    });
    this.pendingFormats.set(format, list);
    this.maybePending.add(format);
  }

  private checkFormat(
    format: string,
    { members, offset }: { members: Set<string>; offset: number },
    /** The event's byte offset and the index of its link to the format. */
    [eventOffset, linkIndex]: [number, number],
    countries: string[],
    participants: number[],
    recordIndex: number,
    recordId: string | undefined,
    locate: (k: number) => Position,
  ): void {
    countries.forEach((country, k) => {
      if (members.has(country)) return;
      this.reportNonMember(
        format,
        { members, offset },
        eventOffset,
        linkIndex,
        country,
        participants[k] as number,
        {
          recordIndex,
          recordId,
          position: locate(k),
        },
      );
    });
  }

  /** `format-members-participants`: the country participant `participant` represents is no member. */
  private reportNonMember(
    format: string,
    { members, offset }: { members: Set<string>; offset: number },
    eventOffset: number,
    linkIndex: number,
    country: string,
    participant: number,
    at: { recordIndex: number; recordId: string | undefined; position: Position },
  ): void {
    const { recordIndex, recordId, position } = at;
    this.sink.report({
      ruleId: "format-members-participants",
      message: formatMembersMessage(country, format, [...members]),
      pointer: countryPointer(participant),
      position,
      recordIndex,
      ...(recordId ? { recordId } : {}),
      emitted: [Math.max(eventOffset, offset), linkIndex],
    });
  }

  /** The checks waiting for `ref` in `waiting`: created, and marked for the cheap test, on first use. */
  private waitingFor<T>(waiting: Map<string, Waiting<T>>, ref: string): Waiting<T> {
    let entry = waiting.get(ref);
    if (!entry) {
      entry = { items: [], more: 0, moreRecords: [] };
      waiting.set(ref, entry);
      this.maybePending.add(ref);
    }
    return entry;
  }

  private addPendingRef(
    ref: string,
    target: string,
    template: string,
    i0: number,
    i1: number,
    handle: RecordHandle,
  ): void {
    const entry = this.waitingFor(this.pendingRefs, ref);
    if (entry.items.length < PENDING_ITEMS_PER_ID) {
      entry.items.push({
        target,
        template,
        i0,
        i1,
        recordIndex: handle.index,
        recordId: handle.id,
        position: referenceAt(handle, () => fillPointer(template, i0, i1), ref),
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
    refPointer: string,
    handle: RecordHandle,
  ): void {
    const entry = this.waitingFor(this.pendingDates, ref);
    if (entry.items.length < PENDING_ITEMS_PER_ID) {
      entry.items.push({
        eventEarliest,
        eventDate,
        pointer: citationPointer(refPointer),
        recordIndex: handle.index,
        recordId: handle.id,
        position: citationAt(handle, refPointer),
      });
    } else entry.more++;
  }

  /** A record with `id` arrived: settle the checks that were waiting for it. */
  private resolvePendingFor(id: string, type: string, filtered = false): void {
    // Most declared ids were never referenced ahead of their record: one hash, no Map lookups
    // (`filtered`: the caller has just asked the filter).
    if (!filtered && !this.maybePending.has(id)) return;
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
              message: publishedBeforeEventMessage(id, item.eventDate),
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
      const format = this.formatMembers.get(id);
      if (this.localUses) {
        // A later part: as in formatMembership, what passes is noted, what fails waits.
        const defined = Math.floor((this.ids.get(id) as number) / 8);
        const failing = formats.filter((item) => {
          if (format && !item.countries.every((c) => format.members.has(c))) return true;
          const { line, offset } = item.position;
          this.localUses?.add(
            CHECK_FORMAT,
            item.link,
            0,
            0,
            item.recordIndex,
            line,
            offset,
            0,
            defined,
          );
          return false;
        });
        if (failing.length) this.pendingFormats.set(id, failing);
      } else if (format) {
        for (const item of formats) {
          this.checkFormat(
            id,
            format,
            [item.position.offset, item.link],
            item.countries,
            item.participants,
            item.recordIndex,
            item.recordId,
            (k) =>
              item.locations[k] ??
              countryAt(
                this.reread(item.position.offset, item.position.line).at,
                item.participants[k] as number,
                item.countries[k] as string,
              ),
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
      message: wrongTypeMessage(ref, expected, actual),
      pointer,
      position,
      recordIndex,
      ...(recordId ? { recordId } : {}),
    });
  }

  /** End of input: settles pending checks whose id is known (merged states), then every reference still pending is unresolved. */
  finish(): void {
    for (const _ of this.finishing());
  }

  /**
   * `finish` in steps: it pauses after every `FINISH_BATCH` dangling references reported, for
   * the caller to take the findings away (`Run.iterate` yields them to its consumer, which may
   * spill them to disk). Reported all at once they were all in memory at once: ~200 MB of
   * finding objects at the end of a 1,000,000-record file with 10 % broken records.
   */
  *finishing(): Generator<void> {
    this.settleDeferred(true);
    const known = new Set<string>();
    for (const id of this.pendingRefs.keys()) if (this.ids.has(id)) known.add(id);
    for (const id of this.pendingDates.keys()) if (this.ids.has(id)) known.add(id);
    for (const id of this.pendingFormats.keys()) if (this.ids.has(id)) known.add(id);
    for (const id of known)
      this.resolvePendingFor(id, this.typeNames[(this.ids.get(id) as number) % 8] as string);
    this.pendingDates.clear();
    this.pendingFormats.clear();
    if (this.on("reference-cycle")) this.cycles.finish(this.sink);
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
    let reported = 0;
    for (const [ref, entry] of this.pendingRefs) {
      // Settled: its items can go as soon as they are reported (deleting the current entry
      // keeps a Map's iteration going).
      this.pendingRefs.delete(ref);
      if (reported >= FINISH_BATCH) {
        reported = 0;
        yield;
      }
      reported += entry.items.length;
      for (const item of entry.items) {
        let suggestion: string | undefined;
        if (budget > 0) {
          budget--;
          suggestion = didYouMean(ref, candidatesOf(item.target));
        }
        this.sink.report({
          ruleId: "ref-dangling",
          message: danglingMessage(item.target, ref, suggestion),
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
  private settleDeferred(final: boolean): void {
    const datesOn = this.on("source-published-before-event");
    for (const part of this.imported) {
      const { state, lineOffset, recordOffset } = part;
      const d = state.deferredData;
      const records = state.deferredRecords;
      // Before the last part: only what refers to ids known now (their first record is in a
      // part merged already); the rest waits, in order, for the ids of the parts to come. Each
      // reference is looked up by its id's hash lanes as the part noted them: no string, no
      // hashing, and nothing rebuilt per part at each merge.
      const left: number[] = [];
      const count = part.left ? part.left.length : d.length / DEFERRED_FIELDS;
      for (let n = 0; n < count; n++) {
        const o = part.left ? (part.left[n] as number) : n * DEFERRED_FIELDS;
        const checks = d[o] as number;
        const site = state.sites[d[o + 1] as number];
        if (!site) continue;
        const a = d[o + 5] as number;
        const b = d[o + 6] as number;
        const seen = this.ids.getHashed(a, b);
        if (seen === undefined && !final) {
          left.push(o);
          continue;
        }
        const r = (d[o + 4] as number) * DEFERRED_RECORD_FIELDS;
        const eventDay = records[r + 3] as number;
        const published =
          checks & CHECK_PUBLISHED && datesOn ? this.sourcePublished.getHashed(a, b) : undefined;
        // The common case, settled without building anything: a reference to a record of the
        // right type, and no date in the wrong order.
        if (
          seen !== undefined &&
          this.typeNames[seen % 8] === site.target &&
          (published === undefined || published >= eventDay)
        )
          continue;
        const recordIndex = (records[r] as number) + recordOffset;
        const line = (records[r + 1] as number) + lineOffset;
        const offset = records[r + 2] as number;
        const i0 = d[o + 2] as number;
        const i1 = d[o + 3] as number;
        const refPointer = fillPointer(site.pointer, i0, i1);
        const ref = this.deferredName(a, b, offset, line, refPointer);
        if (seen === undefined) {
          if (!(checks & CHECK_REFERENCE)) continue;
          const entry = this.waitingFor(this.pendingRefs, ref);
          if (entry.items.length < PENDING_ITEMS_PER_ID) {
            const found = this.reread(offset, line);
            entry.items.push({
              target: site.target,
              template: site.pointer,
              i0,
              i1,
              recordIndex,
              recordId: idOf(found.record),
              position: referenceAt(found.at, refPointer, ref),
            });
          } else {
            entry.more++;
            entry.moreRecords.push(recordIndex);
          }
          continue;
        }
        this.settleKnown(
          ref,
          seen,
          published,
          site.target,
          refPointer,
          checks,
          recordIndex,
          line,
          offset,
          eventDay,
        );
      }
      part.left = left;
    }
    if (final) this.imported.length = 0;
    else {
      const waiting = this.imported.filter((part) => part.left?.length);
      this.imported.length = 0;
      this.imported.push(...waiting);
    }
  }

  /**
   * The id a deferred reference refers to (by its hash lanes), read from the referring record
   * at `refPointer` the first time it is needed — only for what is reported or left pending.
   */
  private deferredName(
    a: number,
    b: number,
    offset: number,
    line: number,
    refPointer: string,
  ): string {
    const known = this.deferredNames.getHashed(a, b);
    if (known !== undefined) return this.deferredNameList[known] as string;
    const value = valueAt(this.reread(offset, line).record, refPointer);
    const name = typeof value === "string" ? value : "?";
    this.deferredNames.addHashed(a, b, this.deferredNameList.length);
    this.deferredNameList.push(name);
    return name;
  }

  /**
   * Merger: checks a reference of a part's record to `ref`, an id whose first record in the
   * file is `seen` (recordIndex * 8 + type code) and whose source, if it is one, was published
   * by day `published`: the record is re-read only to position what is reported.
   */
  private settleKnown(
    ref: string,
    seen: number,
    published: number | undefined,
    target: string,
    refPointer: string,
    checks: number,
    recordIndex: number,
    line: number,
    offset: number,
    eventDay: number,
  ): void {
    const actual = this.typeNames[seen % 8] as string;
    if (actual !== target) {
      if (checks & CHECK_REFERENCE) {
        const found = this.reread(offset, line);
        this.wrongType(
          ref,
          target,
          actual,
          refPointer,
          recordIndex,
          idOf(found.record),
          referenceAt(found.at, refPointer, ref),
        );
      }
      return;
    }
    if (checks & CHECK_PUBLISHED && this.on("source-published-before-event")) {
      if (published !== undefined && published < eventDay) {
        const found = this.reread(offset, line);
        const recordId = idOf(found.record);
        this.sink.report({
          ruleId: "source-published-before-event",
          message: publishedBeforeEventMessage(
            ref,
            isObject(found.record) ? String(dateValue(found.record.date)) : "?",
          ),
          pointer: citationPointer(refPointer),
          position: citationAt(found.at, refPointer),
          recordIndex,
          ...(recordId ? { recordId } : {}),
        });
      }
    }
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
    const uses = this.localUses?.export();
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
      duplicates: new Float64Array(this.partDuplicates ?? []),
      names: this.names ? this.names.join("\u0000") : null,
      nameTypes: this.names ? new Int32Array(this.nameTypes) : null,
      sourcePublished: published,
      pendingRefs: [...this.pendingRefs],
      pendingDates: [...this.pendingDates],
      formatMembers: [...this.formatMembers].map(([id, { members, offset }]) => [
        id,
        [...members],
        offset,
      ]),
      pendingFormats: [...this.pendingFormats],
      ...(this.deferred?.export() ?? {
        deferredRecords: new Float64Array(0),
        deferredData: new Int32Array(0),
      }),
      localUseData: uses?.data ?? new Int32Array(0),
      localUseRecords: uses?.records ?? new Float64Array(0),
      sites: this.sites ?? [],
      cycles: this.cycles.exportState(),
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
   * Merger: the uses a later part settled against its own record of an id that an earlier
   * part defines first. One process resolves them to that first record; where the two records
   * could answer differently (another type, another publication day, a format), each use is
   * checked again against the first — its record re-read — as one process checks it.
   */
  private recheckLocalUses(
    state: DatasetRulesState,
    earlier: CrossPartIds,
    lineOffset: number,
    recordOffset: number,
  ): void {
    const suspects = new Map<number, CrossPartId & { a: number; b: number; id: string }>();
    earlier.forEach((a, b, entry) => {
      const first = this.typeNames[entry.seen % 8] as string;
      const differs =
        first !== this.typeNames[entry.code] ||
        first === "format" ||
        this.sourcePublished.getHashed(a, b) !== entry.published;
      if (!differs) return;
      // The id itself, from this part's record of it (a part sends no id strings).
      const id = idOf(this.reread(entry.offset, entry.line).record);
      if (id !== undefined) suspects.set(entry.defined, { ...entry, a, b, id });
    });
    if (!suspects.size) return;
    const d = state.localUseData;
    const records = state.localUseRecords;
    for (let o = 0; o < d.length; o += DEFERRED_FIELDS) {
      const suspect = suspects.get(d[o + 5] as number);
      if (!suspect) continue;
      const checks = d[o] as number;
      const r = (d[o + 4] as number) * DEFERRED_RECORD_FIELDS;
      const recordIndex = (records[r] as number) + recordOffset;
      const line = (records[r + 1] as number) + lineOffset;
      const offset = records[r + 2] as number;
      if (checks & CHECK_FORMAT) {
        const format = this.formatMembers.get(suspect.id);
        if (!format) continue; // the first record is no format with members: nothing to check
        const found = this.reread(offset, line);
        const record = found.record;
        if (!isObject(record)) continue;
        const { countries, participants } = representedCountries(record);
        this.checkFormat(
          suspect.id,
          format,
          [offset, d[o + 1] as number],
          countries,
          participants,
          recordIndex,
          idOf(record),
          (k) => countryAt(found.at, participants[k] as number, countries[k] as string),
        );
        continue;
      }
      const site = state.sites[d[o + 1] as number];
      if (!site) continue;
      this.settleKnown(
        suspect.id,
        suspect.seen,
        this.sourcePublished.getHashed(suspect.a, suspect.b),
        site.target,
        fillPointer(site.pointer, d[o + 2] as number, d[o + 3] as number),
        checks,
        recordIndex,
        line,
        offset,
        records[r + 3] as number,
      );
    }
  }

  /**
   * Merger only: reports the record at `recordIndex` (starting at `line`/`offset`) whose id was
   * first used by the record `seen` (recordIndex * 8 + type code). The part kept no strings:
   * the record is re-read for its id and the id's position.
   */
  private reportImportedDuplicate(
    seen: number,
    recordIndex: number,
    line: number,
    offset: number,
  ): void {
    if (!this.on("id-duplicate")) return;
    const found = this.reread(offset, line);
    const id = idOf(found.record);
    this.sink.report({
      ruleId: "id-duplicate",
      message: duplicateIdMessage(
        id,
        this.typeNames[seen % 8] as string,
        this.recordLines[Math.floor(seen / 8)] as number,
      ),
      pointer: "/id",
      position: duplicateIdAt(found.at),
      recordIndex,
      ...(id !== undefined ? { recordId: id } : {}),
    });
  }

  /**
   * Merges the state of one part (parts in input order). Ids already declared by an earlier
   * part are duplicates; positions are shifted by the lines and records before the part.
   * Call `finish()` after the last part.
   */
  importState(state: DatasetRulesState, lineOffset: number, recordOffset: number): void {
    if (state.deferredData.length) this.imported.push({ state, lineOffset, recordOffset });
    this.cycles.importState(state.cycles, lineOffset, recordOffset);
    const shift = (p: Position): Position => ({
      line: p.line + lineOffset,
      column: p.column,
      offset: p.offset,
    });
    const lanes = state.idLanes;
    const data = state.idData;
    // Ids an earlier part defined first: one process knows only that first record, so their
    // facts here (publication day, format members, "did you mean" names) are dropped, and what
    // this part settled against its own record of them may need checking again.
    const earlier = new CrossPartIds();
    for (let k = 0; k < lanes.length / 2; k++) {
      const recordIndex = (data[k * 4] as number) + recordOffset;
      const line = (data[k * 4 + 1] as number) + lineOffset;
      const offset = data[k * 4 + 2] as number;
      const code = this.typeCode(state.typeNames[data[k * 4 + 3] as number] as string);
      const a = lanes[k * 2] as number;
      const b = lanes[k * 2 + 1] as number;
      const seen = this.ids.addHashed(a, b, recordIndex * 8 + code);
      if (seen === undefined) {
        this.noteRecord(recordIndex, line, offset);
        continue;
      }
      earlier.add(a, b, {
        seen,
        code,
        defined: data[k * 4] as number,
        line,
        offset,
      });
      this.reportImportedDuplicate(seen, recordIndex, line, offset);
    }
    // Ids used again inside the part, now that the whole file's first uses up to this part
    // are known: each is a duplicate of the first use, wherever that was.
    const duplicates = state.duplicates;
    if (this.on("id-duplicate")) {
      for (let k = 0; k < duplicates.length; k += 5) {
        const seen = this.ids.getHashed(duplicates[k] as number, duplicates[k + 1] as number);
        if (seen === undefined) continue; // cannot be: the part declared its first use
        this.reportImportedDuplicate(
          seen,
          (duplicates[k + 2] as number) + recordOffset,
          (duplicates[k + 3] as number) + lineOffset,
          duplicates[k + 4] as number,
        );
      }
    }
    if (state.names !== null && state.nameTypes !== null && this.names) {
      const names = state.names === "" ? [] : state.names.split("\u0000");
      names.forEach((name, k) => {
        if (!this.names || earlier.hasId(name)) return;
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
      const a = published[k] as number;
      const b = published[k + 1] as number;
      const entry = earlier.get(a, b);
      if (entry) entry.published = published[k + 2] as number;
      else this.sourcePublished.addHashed(a, b, published[k + 2] as number);
    }
    // Only a format that is its id's first use counts, as in one process: a later part's
    // format whose id an earlier part used first is a duplicate, and its members are not read.
    for (const [id, members, offset] of state.formatMembers) {
      const first = this.ids.get(id);
      if (first === undefined || this.recordOffsets[Math.floor(first / 8)] !== offset) continue;
      if (!this.formatMembers.has(id))
        this.formatMembers.set(id, { members: new Set(members), offset });
    }
    if (earlier.size && state.localUseData.length)
      this.recheckLocalUses(state, earlier, lineOffset, recordOffset);
    for (const [id, entry] of state.pendingRefs) {
      const mine = this.waitingFor(this.pendingRefs, id);
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
    }
    for (const [id, entry] of state.pendingDates) {
      const mine = this.waitingFor(this.pendingDates, id);
      for (const item of entry.items)
        mine.items.push({
          ...item,
          recordIndex: item.recordIndex + recordOffset,
          position: shift(item.position),
        });
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
      this.maybePending.add(id);
    }
    // What the parts so far left to the merger and can be settled now is settled now: with
    // parts merged as they finish, while other threads still validate, little is left for the
    // end (see node.ts, PartMerger).
    this.settleDeferred(false);
  }

  /** Number of ids and pending checks held (for tests of bounded memory). */
  get retained(): { ids: number; pendingIds: number } {
    return {
      ids: this.ids.size,
      pendingIds: this.pendingRefs.size + this.pendingDates.size + this.pendingFormats.size,
    };
  }
}

/**
 * The countries an event's participants represent, and the index of each one's participant
 * (only these: a pointer is built for a reported finding).
 */
/** The country a participant represents, if it names one. */
function countryOf(p: unknown): string | undefined {
  return isObject(p) && isObject(p.represents) && typeof p.represents.country === "string"
    ? p.represents.country
    : undefined;
}

/** Whether any participant represents a country. */
function representsCountry(participants: unknown[]): boolean {
  for (let i = 0; i < participants.length; i++)
    if (countryOf(participants[i]) !== undefined) return true;
  return false;
}

function representedCountries(record: Record<string, unknown>): {
  countries: string[];
  participants: number[];
} {
  const countries: string[] = [];
  const participants: number[] = [];
  const all = Array.isArray(record.participants) ? record.participants : [];
  for (let i = 0; i < all.length; i++) {
    const country = countryOf(all[i]);
    if (country !== undefined) {
      countries.push(country);
      participants.push(i);
    }
  }
  return { countries, participants };
}

/** Merger: an id of a part that an earlier part defined first. */
interface CrossPartId {
  /** The first record: recordIndex * 8 + type code, in the merger's codes. */
  seen: number;
  /** This part's record of it: type code (the merger's), part-local record index, place. */
  code: number;
  defined: number;
  line: number;
  offset: number;
  /** This part's record's publication day, if it is a source with one. */
  published?: number;
}

/** The ids of one part that an earlier part defined first, by their hash lanes (usually none). */
class CrossPartIds {
  private readonly byLanes = new Map<string, CrossPartId>();

  get size(): number {
    return this.byLanes.size;
  }

  add(a: number, b: number, entry: CrossPartId): void {
    this.byLanes.set(`${a},${b}`, entry);
  }

  get(a: number, b: number): CrossPartId | undefined {
    return this.byLanes.size ? this.byLanes.get(`${a},${b}`) : undefined;
  }

  hasId(id: string): boolean {
    if (!this.byLanes.size) return false;
    const [a, b] = IdTable.lanes(id);
    return this.byLanes.has(`${a},${b}`);
  }

  forEach(visit: (a: number, b: number, entry: CrossPartId) => void): void {
    for (const [key, entry] of this.byLanes) {
      const [a, b] = key.split(",").map(Number) as [number, number];
      visit(a, b, entry);
    }
  }
}
