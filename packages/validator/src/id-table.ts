/**
 * The set of ids seen in a dataset, for the cross-record rules: every id and every reference
 * of every record is looked up here, so it must be fast and small.
 *
 * A JavaScript `Map` keyed by the id strings costs ~65 bytes per id and, for the freshly
 * parsed strings of each record, a hash computation in the engine plus a lookup — about twice
 * the time of this table, which keeps a 64-bit hash of each id (two 32-bit FNV-style lanes)
 * in one typed array with open addressing: 32 bytes per id at the maximum load of one half.
 *
 * Ids are identified by their 64-bit hash. Two different ids with the same hash would be taken
 * for one (a false duplicate, or a reference resolving to the wrong record): for n ids the
 * chance is about n² / 2^65 — 7·10⁻⁹ for half a million ids.
 */

let laneA = 0;
let laneB = 0;

/** The slot where the lookup of an id with lanes `a`/`b` starts (then the next ones, in turn). */
function firstSlot(a: number, b: number, mask: number): number {
  return (a ^ (b >>> 7)) & mask;
}

/** Hashes a string into the two lanes (module state, to return two numbers without allocating). */
function hash(text: string): void {
  let a = 0x811c9dc5 | 0;
  let b = (0x01000193 ^ text.length) | 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  laneA = a;
  laneB = b;
}

const EMPTY = -1;

export class IdTable {
  private mask: number;
  /**
   * One 16-byte slot per entry, in one buffer seen two ways: the value (a float64, EMPTY when
   * the slot is free) at `values[2i]`, the two hash lanes at `lanes[4i + 2]`, `lanes[4i + 3]`.
   * A probe touches one cache line; three parallel arrays cost three cache misses per lookup
   * once the table outgrows the CPU caches (~40 % of reference resolution at 200k ids).
   */
  private values: Float64Array;
  private lanes: Int32Array;
  size = 0;

  constructor(capacity = 1 << 12) {
    this.mask = capacity - 1;
    this.values = new Float64Array(capacity * 2).fill(EMPTY);
    this.lanes = new Int32Array(this.values.buffer);
  }

  /** Number of slots. */
  private get capacity(): number {
    return this.values.length / 2;
  }

  /** The value stored for `id`, or undefined. */
  get(id: string): number | undefined {
    hash(id);
    return this.getHashed(laneA, laneB);
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  /** Stores `value` (>= 0) for `id` unless present; returns the value already stored, if any. */
  add(id: string, value: number): number | undefined {
    hash(id);
    return this.addHashed(laneA, laneB, value);
  }

  /**
   * `get` and `add` for the id that the last `get` or `add` on any IdTable hashed: a caller
   * that looks one id up in two tables hashes it once. Nothing may hash in between.
   */
  getLast(): number | undefined {
    return this.getHashed(laneA, laneB);
  }

  addLast(value: number): number | undefined {
    return this.addHashed(laneA, laneB, value);
  }

  /** Hashes `id`: it becomes the last id hashed (see `getLast`, `lastLaneA`). */
  static hashLast(id: string): void {
    hash(id);
  }

  /** The lanes of the id hashed last (see `getLast`), to note it without its string. */
  static lastLaneA(): number {
    return laneA;
  }

  static lastLaneB(): number {
    return laneB;
  }

  /** The two hash lanes of an id, for exporting a table without its strings. */
  static lanes(id: string): [number, number] {
    hash(id);
    return [laneA, laneB];
  }

  /**
   * Makes `a`/`b` the last id hashed, as if `get` had just hashed an id with those lanes (a
   * caller that hashed ids ahead, see `touch`, then looks each up with `getLast`).
   */
  static setLast(a: number, b: number): void {
    laneA = a;
    laneB = b;
  }

  /**
   * Reads the first slot a lookup of lanes `a`/`b` probes, and returns it: a caller about to
   * look up several ids reads their slots first, one after the other, so that the processor
   * waits for their cache misses together rather than one lookup at a time (the table is far
   * larger than the caches: a miss per lookup, ~130 ns each, measured 2.6× cheaper in batches).
   */
  touch(a: number, b: number): number {
    return this.values[2 * firstSlot(a, b, this.mask)] as number;
  }

  getHashed(a: number, b: number): number | undefined {
    const { lanes, values, mask } = this;
    let i = firstSlot(a, b, mask);
    for (;;) {
      const v = values[2 * i] as number;
      if (v === EMPTY) return undefined;
      if (lanes[4 * i + 2] === a && lanes[4 * i + 3] === b) return v;
      i = (i + 1) & mask;
    }
  }

  addHashed(a: number, b: number, value: number): number | undefined {
    if ((this.size + 1) * 2 > this.capacity) this.grow();
    const { lanes, values, mask } = this;
    let i = firstSlot(a, b, mask);
    for (;;) {
      const v = values[2 * i] as number;
      if (v === EMPTY) {
        lanes[4 * i + 2] = a;
        lanes[4 * i + 3] = b;
        values[2 * i] = value;
        this.size++;
        return undefined;
      }
      if (lanes[4 * i + 2] === a && lanes[4 * i + 3] === b) return v;
      i = (i + 1) & mask;
    }
  }

  /** Makes room for `count` entries in all, at once (a merger knows how many ids will come). */
  reserve(count: number): void {
    let capacity = this.capacity;
    while (count * 2 > capacity) capacity *= 2;
    if (capacity > this.capacity) this.grow(capacity);
  }

  /** Calls `visit(laneA, laneB, value)` for every entry. */
  forEach(visit: (a: number, b: number, value: number) => void): void {
    const { lanes, values } = this;
    for (let i = 0; i < values.length / 2; i++) {
      const v = values[2 * i] as number;
      if (v !== EMPTY) visit(lanes[4 * i + 2] as number, lanes[4 * i + 3] as number, v);
    }
  }

  private grow(capacity = this.capacity * 2): void {
    const oldLanes = this.lanes;
    const oldValues = this.values;
    this.mask = capacity - 1;
    this.values = new Float64Array(capacity * 2).fill(EMPTY);
    this.lanes = new Int32Array(this.values.buffer);
    this.size = 0;
    for (let i = 0; i < oldValues.length / 2; i++) {
      const v = oldValues[2 * i] as number;
      if (v !== EMPTY)
        this.addHashed(oldLanes[4 * i + 2] as number, oldLanes[4 * i + 3] as number, v);
    }
  }
}

/**
 * A set of ids that may answer "yes" for an id never added (rarely), never "no" for one added:
 * a test before an exact lookup elsewhere, in fixed memory (one bit per hash bucket, 1 MiB)
 * however many ids are added. An IdTable used as a set grows with them: 8 MB at 1,000,000
 * records of the bench, for ids that had a forward reference.
 *
 * It hashes as IdTable does, into the same module state: `has` and `add` leave the id they were
 * given as the last one hashed, for a following `getLast`/`addLast` on an IdTable.
 */
export class IdFilter {
  private readonly bits: Int32Array;
  private readonly mask: number;

  constructor(log2Bits = 23) {
    this.bits = new Int32Array(2 ** (log2Bits - 5));
    this.mask = 2 ** log2Bits - 1;
  }

  add(id: string): void {
    hash(id);
    const bit = (laneA ^ (laneB >>> 7)) & this.mask;
    this.bits[bit >>> 5] = (this.bits[bit >>> 5] as number) | (1 << (bit & 31));
  }

  /** False: `id` was never added. True: it probably was. */
  has(id: string): boolean {
    hash(id);
    return this.hasLast();
  }

  /** `has` for the id hashed last by any IdTable or IdFilter (see IdTable.getLast). */
  hasLast(): boolean {
    const bit = (laneA ^ (laneB >>> 7)) & this.mask;
    return ((this.bits[bit >>> 5] as number) & (1 << (bit & 31))) !== 0;
  }
}
