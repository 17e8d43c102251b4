/**
 * Rule `reference-cycle` (standard 1.2): sources that report each other in a cycle (A cites B
 * derives from A) and organizations that are their own ancestors. A cycle can only be seen
 * once every record of it is read, so the links are kept — only for the records that have
 * them (sources with `reports`, organizations with `parent`), as id strings and the position of
 * the link — and checked at the end of the input. Worker parts hand their links to the merger,
 * which checks them as one pass would. A record pointing at itself is `self-reference`, found
 * per record; it is not a cycle here.
 */
import { IdTable } from "../id-table";
import type { Position } from "../json/position";
import type { RecordHandle } from "../record-cursor";
import type { CycleLink, CycleState } from "./merge-state";
import type { DatasetRuleSink } from "./sink";
import { isObject } from "./values";

const WHAT = {
  reports: (ids: string[]) => `Sources report each other in a cycle: ${ids.join(" → ")}`,
  parent: (ids: string[]) => `Organizations are each other's parent: ${ids.join(" → ")}`,
};

const KINDS = ["reports", "parent"] as const;
/** Numbers per link in `numbers`: record index, line, column, byte offset of the link. */
const NUMBERS = 4;
/** Integers per link in `ints`: kind (index in KINDS), from node, to node, report index (-1: /parent). */
const INTS = 4;

/** The pointer of a link: `/reports/{i}/source`, or `/parent` (report index -1). */
export function linkPointer(reportIndex: number): string {
  return reportIndex < 0 ? "/parent" : `/reports/${reportIndex}/source`;
}

/** What `forEachLink` hands over for each link of a record. */
export type LinkVisitor = (
  kind: CycleLink["kind"],
  from: string,
  to: string,
  reportIndex: number,
  recordIndex: number,
  position: Position,
) => void;

/**
 * The links of one record (only sources and organizations have any), in the order they are
 * checked: one definition of what a link is, for the one-process check (`ReferenceCycles`) and
 * for the map stage, which writes each link out as it finds it rather than keeping them.
 */
export function forEachLink(
  record: Record<string, unknown>,
  type: string,
  handle: RecordHandle,
  visit: LinkVisitor,
): void {
  const from = record.id;
  if (typeof from !== "string") return;
  if (type === "source" && Array.isArray(record.reports)) {
    record.reports.forEach((link, i) => {
      if (!isObject(link) || typeof link.source !== "string" || link.source === from) return;
      visit("reports", from, link.source, i, handle.index, handle.locate(linkPointer(i)));
    });
  } else if (
    type === "organization" &&
    typeof record.parent === "string" &&
    record.parent !== from
  ) {
    visit("parent", from, record.parent, -1, handle.index, handle.locate(linkPointer(-1)));
  }
}

/**
 * The links, compactly: each id that is the end of a link interned once (a node number; its
 * string is kept for the message), each link eight numbers in typed arrays. As objects (two
 * strings, a pointer, a position) they took ~200 bytes each: 20 MB at 1,000,000 records of
 * the bench, where one source in ten reports another.
 */
export class ReferenceCycles {
  private nodeOf = new IdTable();
  private names: string[] = [];
  private numbers = new Float64Array(NUMBERS * 256);
  private ints = new Int32Array(INTS * 256);
  private count = 0;

  /** Notes the links of one record (only sources and organizations have any). */
  note(record: Record<string, unknown>, type: string, handle: RecordHandle): void {
    forEachLink(record, type, handle, this.addLink);
  }

  /**
   * Adds one link (the report stage's, read from the map's lines, part-relative: a part's
   * links go into their own instance, shifted into the whole input's by `importState`).
   */
  readonly addLink: LinkVisitor = (kind, from, to, reportIndex, recordIndex, position) => {
    const [a, b] = [this.node(from), this.node(to)];
    this.add(
      kind === "reports" ? 0 : 1,
      a,
      b,
      reportIndex,
      recordIndex,
      position.line,
      position.column,
      position.offset,
    );
  };

  private node(id: string): number {
    const known = this.nodeOf.add(id, this.names.length);
    if (known !== undefined) return known;
    this.names.push(id);
    return this.names.length - 1;
  }

  /** Room for `more` links, at once (a caller that knows how many will come: no doubling). */
  reserve(more: number): void {
    const needed = (this.count + more) * INTS;
    if (needed <= this.ints.length) return;
    let size = Math.max(this.ints.length, INTS);
    while (size < needed) size *= 2;
    const ints = new Int32Array(size);
    ints.set(this.ints.subarray(0, this.count * INTS));
    this.ints = ints;
    const numbers = new Float64Array((size / INTS) * NUMBERS);
    numbers.set(this.numbers.subarray(0, this.count * NUMBERS));
    this.numbers = numbers;
  }

  private add(
    kind: number,
    from: number,
    to: number,
    reportIndex: number,
    recordIndex: number,
    line: number,
    column: number,
    offset: number,
  ): void {
    this.reserve(1);
    const k = this.count++;
    this.ints[k * INTS] = kind;
    this.ints[k * INTS + 1] = from;
    this.ints[k * INTS + 2] = to;
    this.ints[k * INTS + 3] = reportIndex;
    this.numbers[k * NUMBERS] = recordIndex;
    this.numbers[k * NUMBERS + 1] = line;
    this.numbers[k * NUMBERS + 2] = column;
    this.numbers[k * NUMBERS + 3] = offset;
  }

  /** Link `k` as an object (a finding is made of it). */
  private link(k: number): CycleLink {
    return {
      kind: KINDS[this.ints[k * INTS] as number] as CycleLink["kind"],
      from: this.names[this.ints[k * INTS + 1] as number] as string,
      to: this.names[this.ints[k * INTS + 2] as number] as string,
      reportIndex: this.ints[k * INTS + 3] as number,
      recordIndex: this.numbers[k * NUMBERS] as number,
      position: {
        line: this.numbers[k * NUMBERS + 1] as number,
        column: this.numbers[k * NUMBERS + 2] as number,
        offset: this.numbers[k * NUMBERS + 3] as number,
      },
    };
  }

  /** The links as objects, for tests (the map stage writes links as it finds them: `forEachLink`). */
  links(): CycleLink[] {
    const links: CycleLink[] = [];
    for (let k = 0; k < this.count; k++) links.push(this.link(k));
    return links;
  }

  /** A part's links for the merger, as they are kept: views of its arrays, no object per link. */
  exportState(): CycleState {
    return {
      names: this.names.join("\u0000"),
      nodes: this.names.length,
      ints: this.ints.subarray(0, this.count * INTS),
      numbers: this.numbers.subarray(0, this.count * NUMBERS),
    };
  }

  /** Merger: a part's links, shifted to the whole input's lines and records (parts in order). */
  importState(state: CycleState, lineOffset: number, recordOffset: number): void {
    const count = state.ints.length / INTS;
    if (count === 0) return;
    // Each of the part's nodes interned once, then its links copied with their numbers.
    const names = state.nodes === 0 ? [] : state.names.split("\u0000");
    const node = new Int32Array(names.length);
    for (let n = 0; n < names.length; n++) node[n] = this.node(names[n] as string);
    const { ints, numbers } = state;
    this.reserve(count);
    for (let k = 0; k < count; k++) {
      this.add(
        ints[k * INTS] as number,
        node[ints[k * INTS + 1] as number] as number,
        node[ints[k * INTS + 2] as number] as number,
        ints[k * INTS + 3] as number,
        (numbers[k * NUMBERS] as number) + recordOffset,
        (numbers[k * NUMBERS + 1] as number) + lineOffset,
        numbers[k * NUMBERS + 2] as number,
        numbers[k * NUMBERS + 3] as number,
      );
    }
  }

  /**
   * End of input: every cycle once, reported at the link that closes it — the last of its links
   * in input order — so that the finding points at the record that completed the cycle.
   */
  finish(sink: DatasetRuleSink): void {
    const { ints, numbers, count } = this;
    const nodes = this.names.length;
    for (let kind = 0; kind < KINDS.length; kind++) {
      // Each node's outgoing links of this kind, in input order (a counting sort by node), and
      // the nodes in the order their first link came: the order the search starts from them.
      const first = new Int32Array(nodes + 1);
      const starts: number[] = [];
      for (let k = 0; k < count; k++) {
        if (ints[k * INTS] !== kind) continue;
        const from = ints[k * INTS + 1] as number;
        if (first[from + 1] === 0) starts.push(from);
        first[from + 1] = (first[from + 1] as number) + 1;
      }
      if (starts.length === 0) continue;
      for (let n = 0; n < nodes; n++)
        first[n + 1] = (first[n + 1] as number) + (first[n] as number);
      const edges = new Int32Array(first[nodes] as number);
      const filled = first.slice(0, nodes);
      for (let k = 0; k < count; k++) {
        if (ints[k * INTS] !== kind) continue;
        const from = ints[k * INTS + 1] as number;
        edges[filled[from] as number] = k;
        filled[from] = (filled[from] as number) + 1;
      }
      const to = (k: number) => ints[k * INTS + 2] as number;
      const fromOf = (k: number) => ints[k * INTS + 1] as number;
      // Iterative depth-first search with colours: 1 on the current path, 2 done.
      const colour = new Uint8Array(nodes);
      const cycles: number[][] = [];
      for (const start of starts) {
        if (colour[start] !== 0) continue;
        const path: number[] = [];
        const stack: Array<{ node: number; next: number }> = [{ node: start, next: 0 }];
        colour[start] = 1;
        while (stack.length > 0) {
          const top = stack[stack.length - 1] as { node: number; next: number };
          const end = first[top.node + 1] as number;
          const at = (first[top.node] as number) + top.next;
          if (at >= end) {
            colour[top.node] = 2;
            stack.pop();
            path.pop();
            continue;
          }
          top.next++;
          const link = edges[at] as number;
          const state = colour[to(link)];
          if (state === 1) {
            // A back link: the cycle is the path from the link's target to here, closed by it.
            const back = path.findIndex((step) => fromOf(step) === to(link));
            cycles.push([...path.slice(back < 0 ? path.length : back), link]);
          } else if (state === 0) {
            colour[to(link)] = 1;
            path.push(link);
            stack.push({ node: to(link), next: 0 });
          }
        }
      }
      for (const cycle of cycles) {
        const closing = cycle.reduce((a, b) =>
          (numbers[b * NUMBERS] as number) > (numbers[a * NUMBERS] as number) ? b : a,
        );
        const ids = [...cycle, cycle[0] as number].map((k) => this.names[fromOf(k)] as string);
        const link = this.link(closing);
        sink.report({
          ruleId: "reference-cycle",
          message: WHAT[KINDS[kind] as (typeof KINDS)[number]](ids),
          pointer: linkPointer(link.reportIndex),
          position: link.position,
          recordIndex: link.recordIndex,
          recordId: link.from,
        });
      }
    }
    // Everything it kept goes, the id → node table with the rest: noted again, a link starts afresh.
    this.nodeOf = new IdTable();
    this.names = [];
    this.numbers = new Float64Array(0);
    this.ints = new Int32Array(0);
    this.count = 0;
  }
}

/** The two 32-bit lanes of an id's 64-bit hash (`IdTable.lanes`); a test passes one that collides. */
export type IdLanes = (id: string) => [number, number];

/** Links per chunk of `CycleLinkHashes` (a part's links are kept in chunks: no doubling). */
const CHUNK = 1 << 14;
/** 32-bit words per link there: kind (-1: no link with this number), from's lanes, to's lanes. */
const WORDS = 5;

/** Links in a part's first chunk: most parts (a small file, a Dask partition) have few. */
const FIRST_CHUNK = 64;

/**
 * Chunk `c` of a part, with room for the link whose words start at `at`. A chunk starts at
 * FIRST_CHUNK links and doubles up to CHUNK as its links come, so a part with one link costs
 * ~1 KB, not a whole chunk (320 KB: with a thousand small parts, 320 MB). Slots not written are
 * -1, and slots a chunk never grew to are read back as missing too: both mean no link with that
 * number (`prune`).
 */
function chunkFor(chunks: Int32Array[], c: number, at: number): Int32Array {
  while (chunks.length <= c) chunks.push(new Int32Array(FIRST_CHUNK * WORDS).fill(-1));
  let chunk = chunks[c] as Int32Array;
  if (at >= chunk.length) {
    let links = chunk.length / WORDS;
    while (links * WORDS <= at) links *= 2;
    const grown = new Int32Array(Math.min(CHUNK, links) * WORDS).fill(-1);
    grown.set(chunk);
    chunks[c] = chunk = grown;
  }
  return chunk;
}

/**
 * The reference-cycle check of an input too large to hold its links (the report stage of the
 * stages, `parley validate` past its memory budget), in two passes:
 *
 * 1. every link is noted as the 64-bit hashes of its two ends (20 bytes, where
 *    `ReferenceCycles` keeps ~48 bytes a link and ~80 an id: the string for the message, the
 *    id table): ~10 MB for the ~500,000 links of 5,000,000 records of the bench, not ~85 MB;
 * 2. `prune` removes every link that cannot reach a cycle — one into an id with no link out,
 *    again and again — and says which links a `ReferenceCycles` must get on a second reading
 *    of the links (`CycleCandidates.keeps`), the real ids and positions read back from where
 *    the caller kept them (the CLI: on disk).
 *
 * Most links go: a reporting chain ends at a source that reports nothing (in the bench, every
 * chain; a real dataset's cycles are few). What the search then finds is exactly what it finds
 * over every link, for any graph:
 *
 * - a link whose target cannot reach a cycle leads the depth-first search into ids that are
 *   all finished without touching an id that can, and never closes a cycle: without it, the
 *   search visits the other ids in the same order and finds the same back links;
 * - the search starts from ids in the order of their first link, so each id kept gets its first
 *   link too, even one pruned: it keeps its place among the starts;
 * - two ids with one hash are one node here, which only adds paths: a link that can reach a
 *   cycle through the real ids still can through the hashes, so a collision may keep a link
 *   that could go (harmless, as above) but never drops one that may matter. The search is then
 *   `ReferenceCycles` on the kept links, which, like every cross-record rule, tells ids apart
 *   by their 64-bit hash (`IdTable`): one thread and the stages agree even then.
 */
export class CycleLinkHashes {
  /** Each part's links by their number in the part (`seq`, from 0), by part start. */
  private readonly parts = new Map<number, { chunks: Int32Array[]; count: number }>();

  constructor(private readonly lanes: IdLanes = IdTable.lanes) {}

  /** Links noted (counted by their numbers: the highest plus one, per part). */
  get size(): number {
    let n = 0;
    for (const part of this.parts.values()) n += part.count;
    return n;
  }

  /** Notes link number `seq` of the part that starts at `part`. */
  note(part: number, seq: number, kind: CycleLink["kind"], from: string, to: string): void {
    let links = this.parts.get(part);
    if (!links) {
      links = { chunks: [], count: 0 };
      this.parts.set(part, links);
    }
    const c = Math.floor(seq / CHUNK);
    const at = (seq % CHUNK) * WORDS;
    const chunk = chunkFor(links.chunks, c, at);
    chunk[at] = kind === "reports" ? 0 : 1;
    const [fa, fb] = this.lanes(from);
    chunk[at + 1] = fa;
    chunk[at + 2] = fb;
    const [ta, tb] = this.lanes(to);
    chunk[at + 3] = ta;
    chunk[at + 4] = tb;
    if (seq >= links.count) links.count = seq + 1;
  }

  /**
   * Prunes the links of the parts (starts in file order) and forgets them; the result says
   * which links the search needs, as they are read again in file order.
   */
  prune(order: readonly number[]): CycleCandidates {
    const base = new Map<number, number>();
    let total = 0;
    // The chunks in file order, read in place (a copy of the whole would be 20 bytes a link more).
    const chunks: Array<[chunk: Int32Array, links: number]> = [];
    for (const part of order) {
      base.set(part, total);
      const kept = this.parts.get(part);
      if (!kept) continue;
      total += kept.count;
      for (const [c, chunk] of kept.chunks.entries())
        chunks.push([chunk, Math.min(CHUNK, kept.count - c * CHUNK)]);
    }
    this.parts.clear();
    /** Calls `visit` for every link of `kind`, in file order: its number and where its words are. */
    const each = (kind: number, visit: (l: number, chunk: Int32Array, at: number) => void) => {
      let l = 0;
      for (const [chunk, links] of chunks) {
        // Past a chunk's length (it never grew that far) `chunk[at]` is undefined: no link.
        for (let i = 0, at = 0; i < links; i++, l++, at += WORDS)
          if (chunk[at] === kind) visit(l, chunk, at);
      }
    };

    const alive = new Uint8Array(total);
    const survivors = KINDS.map(() => new IdTable(16));
    let kept = 0;
    const fromNode = new Int32Array(total);
    const toNode = new Int32Array(total);
    for (let kind = 0; kind < KINDS.length; kind++) {
      let count = 0;
      each(kind, () => {
        count++;
      });
      if (count === 0) continue;
      // The ids with a link out: a node each. A link into any other id is pruned at once.
      const nodeOf = new IdTable(16);
      nodeOf.reserve(count);
      let nodes = 0;
      each(kind, (l, chunk, at) => {
        const known = nodeOf.addHashed(chunk[at + 1] as number, chunk[at + 2] as number, nodes);
        fromNode[l] = known ?? nodes++;
      });
      // Links out of each node that may still matter, and each node's links in (a counting sort).
      const out = new Int32Array(nodes);
      const firstIn = new Int32Array(nodes + 1);
      each(kind, (l, chunk, at) => {
        const to = nodeOf.getHashed(chunk[at + 3] as number, chunk[at + 4] as number);
        toNode[l] = to ?? -1;
        if (to === undefined) return;
        out[fromNode[l] as number] = (out[fromNode[l] as number] as number) + 1;
        firstIn[to + 1] = (firstIn[to + 1] as number) + 1;
      });
      for (let n = 0; n < nodes; n++)
        firstIn[n + 1] = (firstIn[n + 1] as number) + (firstIn[n] as number);
      const into = new Int32Array(firstIn[nodes] as number);
      const filled = firstIn.slice(0, nodes);
      each(kind, (l) => {
        const to = toNode[l] as number;
        if (to < 0) return;
        into[filled[to] as number] = l;
        filled[to] = (filled[to] as number) + 1;
      });
      // Nodes with no link out that matters go, and with them the links into them, until none
      // is left: what remains can reach a cycle.
      const queue = new Int32Array(nodes);
      let tail = 0;
      for (let n = 0; n < nodes; n++) if (out[n] === 0) queue[tail++] = n;
      for (let head = 0; head < tail; head++) {
        const gone = queue[head] as number;
        for (let i = firstIn[gone] as number; i < (firstIn[gone + 1] as number); i++) {
          const from = fromNode[into[i] as number] as number;
          out[from] = (out[from] as number) - 1;
          if (out[from] === 0) queue[tail++] = from;
        }
      }
      each(kind, (l, chunk, at) => {
        const to = toNode[l] as number;
        if (to < 0 || (out[to] as number) === 0) return;
        alive[l] = 1;
        kept++;
        survivors[kind]?.addHashed(chunk[at + 1] as number, chunk[at + 2] as number, 1);
      });
    }
    return new CycleCandidates(base, alive, kept, survivors, this.lanes);
  }
}

/** Which links the search needs (`CycleLinkHashes.prune`), asked in file order. */
export class CycleCandidates {
  /** Per kind, the ids kept that have already had their first link. */
  private readonly started = KINDS.map(() => new Set<string>());

  constructor(
    private readonly base: ReadonlyMap<number, number>,
    private readonly alive: Uint8Array,
    /** Links that may be on a cycle or lead to one. */
    readonly kept: number,
    /** Per kind, the hashes of the ids those links come from. */
    private readonly from: IdTable[],
    private readonly lanes: IdLanes,
  ) {}

  /** At most this many links are kept: those that may matter and the first link of their ids. */
  get bound(): number {
    return this.kept + this.from.reduce((n, table) => n + table.size, 0);
  }

  /**
   * Whether the search needs link `seq` of the part at `part` (asked for every link, in file
   * order): one that may matter, or the first link of an id that has one.
   */
  keeps(part: number, seq: number, kind: CycleLink["kind"], from: string): boolean {
    if (this.kept === 0) return false;
    const k = kind === "reports" ? 0 : 1;
    const started = this.started[k] as Set<string>;
    if (this.alive[(this.base.get(part) ?? Number.NaN) + seq] === 1) {
      started.add(from);
      return true;
    }
    const [a, b] = this.lanes(from);
    if ((this.from[k] as IdTable).getHashed(a, b) === undefined || started.has(from)) return false;
    started.add(from);
    return true;
  }
}
