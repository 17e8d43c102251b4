/**
 * Worker-merge state: what one part of a split dataset keeps for the merger, and in what form.
 * A part cannot settle a reference to an id it has not seen (it may be in another part): it
 * notes it here, compactly (`DeferredReferences`), and hands it over in `DatasetRulesState`
 * with its ids, facts and pending checks. The merger (`DatasetRules.importState`, `finish`)
 * settles them as one pass over the whole dataset would.
 */

import { IdTable } from "../id-table";
import type { Position } from "../json/position";
import type { RecordHandle } from "../record-cursor";
import type { Locates } from "./finding-positions";

/**
 * A record re-read by the merger's locator: the parsed record (undefined when it could not be
 * read), and positions inside it (its start when it could not be read).
 */
export interface RereadRecord {
  record?: unknown;
  at: Locates;
}

/** Re-reads the record that starts at `offset`, on `line` of the whole file. */
export type RecordLocator = (offset: number, line: number) => RereadRecord;

/**
 * What a worker that validated one part of a dataset hands to the merger (see
 * `DatasetRules.exportState` and `importState`): its ids and the facts and pending checks that
 * records of other parts may settle. Plain data (structured clone), mostly typed arrays.
 */
export interface DatasetRulesState {
  typeNames: string[];
  /** The ids' two 32-bit hash lanes (see IdTable): the strings are not sent. */
  idLanes: Int32Array;
  /** Per id: record index, line, byte offset of its record, type code. */
  idData: Float64Array;
  /**
   * Ids used again within the part, in record order, 5 numbers each: the id's two hash lanes,
   * record index, line, byte offset. Reported by the merger, which knows where each id was
   * first used in the whole file (an earlier part, or this part at a line the part cannot
   * number), so that `--jobs N` says exactly what one thread says.
   */
  duplicates: Float64Array;
  /** The id strings and type codes while few enough for suggestions; null beyond. */
  names: string | null;
  nameTypes: Int32Array | null;
  pendingRefs: Array<[string, { items: PendingItem[]; more: number; moreRecords: number[] }]>;
  /** Per source with a publication date: hash lanes and latest day. */
  sourcePublished: Float64Array;
  pendingDates: Array<[string, { items: PendingDate[]; more: number; moreRecords: number[] }]>;
  /** Per format: id, member countries, byte offset of its record. */
  formatMembers: Array<[string, string[], number]>;
  pendingFormats: Array<[string, PendingFormat[]]>;
  /**
   * Per unsettled reference, DEFERRED_FIELDS integers: checks, site, i0, i1, record slot, and
   * the two hash lanes of the id it refers to (see IdTable). No id strings: the merger looks
   * the lanes up as they are, and re-reads the record for the id only to report it.
   */
  deferredData: Int32Array;
  /** Per record slot, DEFERRED_RECORD_FIELDS numbers: record index, line, byte offset, event day. */
  deferredRecords: Float64Array;
  /**
   * A later part: the references and held-in format links it settled itself against ids it
   * defines, laid out as `deferredData`/`deferredRecords` but keyed by the part-local index of
   * the record that defines the id (the last integer unused). All passed there; the merger re-checks only those whose id
   * an earlier part defined first, differently (rare): one process resolves them to that record.
   */
  localUseData: Int32Array;
  localUseRecords: Float64Array;
  /** The reference sites the deferred entries' site indexes refer to. */
  sites: ReadonlyArray<{ pointer: string; target: string }>;
  /** Reporting and parent links, for the cycle check at the end (see cycles.ts). */
  cycles: CycleState;
}

export interface PendingItem {
  target: string;
  /** The reference site's pointer template and the indexes that fill it: the pointer string is built only if reported. */
  template: string;
  i0: number;
  i1: number;
  recordIndex: number;
  recordId: string | undefined;
  position: Position;
}

export interface PendingDate {
  eventEarliest: number;
  eventDate: string;
  pointer: string;
  recordIndex: number;
  recordId: string | undefined;
  position: Position;
}

export interface PendingFormat {
  /** Index of the event's link to the format in its `formats`. */
  link: number;
  /** The countries the participants represent, and the index of each one's participant. */
  countries: string[];
  participants: number[];
  recordIndex: number;
  recordId: string | undefined;
  position: Position;
  /** Positions of the countries; empty when they are found by re-reading the record (a part). */
  locations: Position[];
}

/** Integers per deferred reference in DatasetRulesState.deferredData. */
export const DEFERRED_FIELDS = 7;
/** Numbers per record holding deferred references in DatasetRulesState.deferredRecords. */
export const DEFERRED_RECORD_FIELDS = 4;

/** Bit of a deferred reference's `checks`: its target and type are to be checked. */
export const CHECK_REFERENCE = 1;
/** Bit of a deferred reference's `checks`: the cited source's publication date is to be checked. */
export const CHECK_PUBLISHED = 2;
/**
 * `checks` of a logged local use that is a format link (`formats[site]`, held-in) rather than a
 * reference: the membership of the participants' countries is to be checked.
 */
export const CHECK_FORMAT = 4;

/**
 * References noted for the merger, compactly: each reference seven small integers, each record
 * holding some its place once. Positions are found by re-reading the record, and only for what
 * the merger reports. The last two integers of a reference are a key the owner chooses (the
 * id's hash lanes, a defining record).
 */
export class ReferenceLog {
  private data = new Int32Array(DEFERRED_FIELDS * 4096);
  private length = 0;
  private records = new Float64Array(DEFERRED_RECORD_FIELDS * 1024);
  private recordCount = 0;
  private lastRecord = -1;

  /** Notes a reference (or format link) of the record `recordIndex` that starts at `line`/`offset`. */
  add(
    checks: number,
    siteIndex: number,
    i0: number,
    i1: number,
    recordIndex: number,
    line: number,
    offset: number,
    eventDay: number,
    key: number,
    key2 = 0,
  ): void {
    // The record's place is noted once per record, the reference in six small integers.
    if (this.lastRecord !== recordIndex) {
      if ((this.recordCount + 1) * DEFERRED_RECORD_FIELDS > this.records.length) {
        this.records = grow(this.records, this.records.length * 2);
      }
      const r = this.recordCount++ * DEFERRED_RECORD_FIELDS;
      this.records[r] = recordIndex;
      this.records[r + 1] = line;
      this.records[r + 2] = offset;
      this.records[r + 3] = eventDay;
      this.lastRecord = recordIndex;
    }
    if ((this.length + 1) * DEFERRED_FIELDS > this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    const o = this.length++ * DEFERRED_FIELDS;
    const data = this.data;
    data[o] = checks;
    data[o + 1] = siteIndex;
    data[o + 2] = i0;
    data[o + 3] = i1;
    data[o + 4] = this.recordCount - 1;
    data[o + 5] = key;
    data[o + 6] = key2;
  }

  /**
   * Views, not copies: the worker transfers their buffers (20 MB and more for the second half
   * of a large file), so copying them would only raise the worker's peak memory.
   */
  export(): { data: Int32Array; records: Float64Array } {
    return {
      data: this.data.subarray(0, this.length * DEFERRED_FIELDS),
      records: this.records.subarray(0, this.recordCount * DEFERRED_RECORD_FIELDS),
    };
  }
}

/**
 * The references a part could not settle (to ids it has not seen, or that it saw but which
 * failed a check there: the id may be defined first in an earlier part), each with its id's
 * hash lanes: nothing interned, no string kept (the second part of a file defers most of its
 * references — those to ids of the first — so this is its per-reference cost).
 */
export class DeferredReferences {
  private readonly log = new ReferenceLog();

  /**
   * Notes a reference of the record at `handle`. The id it refers to must be the one an id
   * table hashed last (the engine has just looked it up): it is not hashed again.
   */
  add(
    checks: number,
    siteIndex: number,
    i0: number,
    i1: number,
    handle: RecordHandle,
    eventDay: number,
  ): void {
    const { index, start } = handle;
    this.log.add(
      checks,
      siteIndex,
      i0,
      i1,
      index,
      start.line,
      start.offset,
      eventDay,
      IdTable.lastLaneA(),
      IdTable.lastLaneB(),
    );
  }

  /** The fields of `DatasetRulesState` it fills. */
  export(): Pick<DatasetRulesState, "deferredData" | "deferredRecords"> {
    const { data, records } = this.log.export();
    return { deferredRecords: records, deferredData: data };
  }
}

export function grow(array: Float64Array, size: number): Float64Array<ArrayBuffer> {
  const out = new Float64Array(size);
  out.set(array);
  return out;
}

/** One link: from a record to another of the same type (rule reference-cycle, see cycles.ts). */
export interface CycleLink {
  kind: "reports" | "parent";
  from: string;
  to: string;
  /** Index of the link in the source's `reports`; -1 for an organization's `parent`. */
  reportIndex: number;
  recordIndex: number;
  position: Position;
}

/**
 * A part's reference-cycle links for the merger, as `ReferenceCycles` keeps them: the ids that
 * end a link joined by U+0000 (`nodes` of them), and per link 4 integers (kind, from node, to
 * node, report index) and 4 numbers (record index, line, column, byte offset).
 */
export interface CycleState {
  names: string;
  nodes: number;
  ints: Int32Array;
  numbers: Float64Array;
}
