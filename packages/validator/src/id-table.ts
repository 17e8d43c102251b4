/**
 * The set of ids seen in a dataset, for the cross-record rules: every id and every reference
 * of every record is looked up here, so it must be fast and small.
 *
 * A JavaScript `Map` keyed by the id strings costs ~65 bytes per id and, for the freshly
 * parsed strings of each record, a hash computation in the engine plus a lookup — about twice
 * the time of this table, which keeps a 64-bit hash of each id (two 32-bit FNV-style lanes)
 * in typed arrays with open addressing: 32 bytes per id at the maximum load of one half.
 *
 * Ids are identified by their 64-bit hash. Two different ids with the same hash would be taken
 * for one (a false duplicate, or a reference resolving to the wrong record): for n ids the
 * chance is about n² / 2^65 — 7·10⁻⁹ for half a million ids.
 */

let laneA = 0;
let laneB = 0;

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
  private lanesA: Int32Array;
  private lanesB: Int32Array;
  /** The value of each slot; EMPTY when the slot is free. Values are non-negative. */
  private values: Float64Array;
  size = 0;

  constructor(capacity = 1 << 12) {
    this.mask = capacity - 1;
    this.lanesA = new Int32Array(capacity);
    this.lanesB = new Int32Array(capacity);
    this.values = new Float64Array(capacity).fill(EMPTY);
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

  /** The two hash lanes of an id, for exporting a table without its strings. */
  static lanes(id: string): [number, number] {
    hash(id);
    return [laneA, laneB];
  }

  getHashed(a: number, b: number): number | undefined {
    const { lanesA, lanesB, values, mask } = this;
    let i = (a ^ (b >>> 7)) & mask;
    for (;;) {
      const v = values[i] as number;
      if (v === EMPTY) return undefined;
      if (lanesA[i] === a && lanesB[i] === b) return v;
      i = (i + 1) & mask;
    }
  }

  addHashed(a: number, b: number, value: number): number | undefined {
    if ((this.size + 1) * 2 > this.values.length) this.grow();
    const { lanesA, lanesB, values, mask } = this;
    let i = (a ^ (b >>> 7)) & mask;
    for (;;) {
      const v = values[i] as number;
      if (v === EMPTY) {
        lanesA[i] = a;
        lanesB[i] = b;
        values[i] = value;
        this.size++;
        return undefined;
      }
      if (lanesA[i] === a && lanesB[i] === b) return v;
      i = (i + 1) & mask;
    }
  }

  /** Makes room for `count` entries in all, at once (a merger knows how many ids will come). */
  reserve(count: number): void {
    let capacity = this.values.length;
    while (count * 2 > capacity) capacity *= 2;
    if (capacity > this.values.length) this.grow(capacity);
  }

  /** Calls `visit(laneA, laneB, value)` for every entry. */
  forEach(visit: (a: number, b: number, value: number) => void): void {
    const { lanesA, lanesB, values } = this;
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      if (v !== EMPTY) visit(lanesA[i] as number, lanesB[i] as number, v);
    }
  }

  private grow(capacity = this.values.length * 2): void {
    const oldA = this.lanesA;
    const oldB = this.lanesB;
    const oldValues = this.values;
    this.mask = capacity - 1;
    this.lanesA = new Int32Array(capacity);
    this.lanesB = new Int32Array(capacity);
    this.values = new Float64Array(capacity).fill(EMPTY);
    this.size = 0;
    for (let i = 0; i < oldValues.length; i++) {
      const v = oldValues[i] as number;
      if (v !== EMPTY) this.addHashed(oldA[i] as number, oldB[i] as number, v);
    }
  }
}
