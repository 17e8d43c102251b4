/**
 * Rule `reference-cycle` keeps every reporting and parent link until the end of the input, so
 * it keeps them compactly (interned ids, numbers in typed arrays, a counting sort instead of a
 * Map of lists). The search must still find exactly what a plain search over the links as
 * objects finds — the same cycles, in the same order, each reported at the same closing link —
 * for any graph: this test runs both on random graphs (sources and organizations, shared ids,
 * self links, links out of the same record, a part's links handed to a merger).
 */
import { describe, expect, it } from "vitest";
import { CycleLinkHashes, type IdLanes, ReferenceCycles } from "../src/dataset/cycles";
import type { CycleLink } from "../src/dataset/merge-state";
import type { DatasetRuleSink } from "../src/dataset/sink";
import type { Finding } from "../src/index";
import type { Position } from "../src/json/position";
import type { RecordHandle } from "../src/record-cursor";

/** The search as first written: links as objects, a Map of lists, colours by id. */
function plainSearch(all: CycleLink[]): Array<Partial<Finding>> {
  const out: Array<Partial<Finding>> = [];
  for (const kind of ["reports", "parent"] as const) {
    const links = all.filter((link) => link.kind === kind);
    const edges = new Map<string, CycleLink[]>();
    for (const link of links) edges.set(link.from, [...(edges.get(link.from) ?? []), link]);
    const colour = new Map<string, 1 | 2>();
    const cycles: CycleLink[][] = [];
    for (const start of edges.keys()) {
      if (colour.has(start)) continue;
      const path: CycleLink[] = [];
      const stack = [{ id: start, next: 0 }];
      colour.set(start, 1);
      while (stack.length > 0) {
        const top = stack[stack.length - 1] as { id: string; next: number };
        const list = edges.get(top.id) ?? [];
        if (top.next >= list.length) {
          colour.set(top.id, 2);
          stack.pop();
          path.pop();
          continue;
        }
        const link = list[top.next++] as CycleLink;
        const state = colour.get(link.to);
        if (state === 1) {
          const at = path.findIndex((step) => step.from === link.to);
          cycles.push([...path.slice(at < 0 ? path.length : at), link]);
        } else if (state === undefined) {
          colour.set(link.to, 1);
          path.push(link);
          stack.push({ id: link.to, next: 0 });
        }
      }
    }
    for (const cycle of cycles) {
      const closing = cycle.reduce((a, b) => (b.recordIndex > a.recordIndex ? b : a));
      const ids = [...cycle.map((link) => link.from), cycle[0]?.from as string];
      const what =
        kind === "reports"
          ? "Sources report each other in a cycle"
          : "Organizations are each other's parent";
      out.push({
        ruleId: "reference-cycle",
        message: `${what}: ${ids.join(" → ")}`,
        pointer: closing.reportIndex < 0 ? "/parent" : `/reports/${closing.reportIndex}/source`,
        line: closing.position.line,
        column: closing.position.column,
        recordIndex: closing.recordIndex,
        recordId: closing.from,
      });
    }
  }
  return out;
}

function collect(cycles: ReferenceCycles): Array<Partial<Finding>> {
  const found: Array<Partial<Finding>> = [];
  const sink = {
    report: (f: { position: Position } & Record<string, unknown>) => {
      const { position, ...rest } = f;
      found.push({ ...rest, line: position.line, column: position.column } as Partial<Finding>);
    },
  } as unknown as DatasetRuleSink;
  cycles.finish(sink);
  return found;
}

/** A handle whose positions encode the record and the pointer, so a wrong one shows. */
function handle(index: number): RecordHandle {
  const at = (pointer: string): Position => ({
    line: index + 1,
    column: pointer.length + 1,
    offset: index * 1000 + pointer.length,
  });
  return {
    index,
    start: { line: index + 1, column: 1, offset: index * 1000 },
    locate: at,
    locateString: (pointer) => at(typeof pointer === "string" ? pointer : pointer()),
  };
}

/** A random dataset of sources and organizations linking to a few ids (so cycles occur). */
function randomRecords(
  seed: number,
  count: number,
): Array<{ record: Record<string, unknown>; type: string }> {
  let state = seed;
  const rnd = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const ids = Math.max(3, Math.floor(count / 2));
  const out: Array<{ record: Record<string, unknown>; type: string }> = [];
  for (let i = 0; i < count; i++) {
    // Both kinds share the id space: an id may be a source and an organization.
    const id = `x:${Math.floor(rnd() * ids)}`;
    if (rnd() < 0.6) {
      const reports = Array.from({ length: Math.floor(rnd() * 3) }, () => ({
        source: `x:${Math.floor(rnd() * ids)}`,
        relation: "cites",
      }));
      if (rnd() < 0.1) reports.push({ source: id, relation: "cites" }); // a self link: not a cycle here
      out.push({ type: "source", record: { type: "source", id, reports } });
    } else {
      const parent = rnd() < 0.8 ? `x:${Math.floor(rnd() * ids)}` : undefined;
      out.push({
        type: "organization",
        record: { type: "organization", id, ...(parent ? { parent } : {}) },
      });
    }
  }
  return out;
}

/** The links as the plain search takes them (what a part exported before). */
function linksOf(records: ReturnType<typeof randomRecords>): CycleLink[] {
  const links: CycleLink[] = [];
  records.forEach(({ record, type }, index) => {
    const from = record.id as string;
    if (type === "source")
      (record.reports as Array<{ source: string }>).forEach((link, i) => {
        if (link.source === from) return;
        const pointer = `/reports/${i}/source`;
        links.push({
          kind: "reports",
          from,
          to: link.source,
          reportIndex: i,
          recordIndex: index,
          position: handle(index).locate(pointer),
        });
      });
    else if (typeof record.parent === "string" && record.parent !== from)
      links.push({
        kind: "parent",
        from,
        to: record.parent,
        reportIndex: -1,
        recordIndex: index,
        position: handle(index).locate("/parent"),
      });
  });
  return links;
}

describe("reference cycles, kept compactly", () => {
  it("finds what a plain search over link objects finds, on random graphs", () => {
    let withCycles = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const records = randomRecords(seed, 4 + (seed % 40));
      const cycles = new ReferenceCycles();
      records.forEach(({ record, type }, index) => {
        cycles.note(record, type, handle(index));
      });
      const found = collect(cycles);
      expect(found).toEqual(plainSearch(linksOf(records)));
      if (found.length > 0) withCycles++;
    }
    // The graphs are dense enough that most have cycles: the comparison is not of empty lists.
    expect(withCycles).toBeGreaterThan(150);
  });

  it("hands a part's links to a merger unchanged, shifted to the whole input", () => {
    for (let seed = 1; seed <= 100; seed++) {
      const records = randomRecords(seed, 30);
      const cut = 12;
      const [first, second] = [new ReferenceCycles(), new ReferenceCycles()];
      records.forEach(({ record, type }, index) => {
        if (index < cut) first.note(record, type, handle(index));
        else second.note(record, type, handle(index - cut));
      });
      const part1 = first.links();
      const part2 = second.links();
      const merger = new ReferenceCycles();
      merger.importState(first.exportState(), 0, 0);
      merger.importState(second.exportState(), cut, cut);
      const whole = linksOf(records);
      // Exported as the objects the plain search takes (the second part's lines from its start).
      const lineAndColumn = (l: CycleLink) => ({
        ...l,
        position: { line: l.position.line, column: l.position.column },
      });
      const shifted = part2.map((l) => ({
        ...l,
        recordIndex: l.recordIndex + cut,
        position: { ...l.position, line: l.position.line + cut },
      }));
      expect([...part1, ...shifted].map(lineAndColumn)).toEqual(whole.map(lineAndColumn));
      expect(collect(merger)).toEqual(plainSearch(whole));
    }
  });

  it("starts afresh after finishing: links noted then are not confused with the old ones", () => {
    // One instance checked twice (as a merger that finished would be if reused): the ids of the
    // first graph must not keep their node numbers into the second.
    const cycles = new ReferenceCycles();
    const first = randomRecords(7, 30);
    for (const [index, { record, type }] of first.entries())
      cycles.note(record, type, handle(index));
    expect(collect(cycles)).toEqual(plainSearch(linksOf(first)));
    const second = randomRecords(8, 20);
    for (const [index, { record, type }] of second.entries())
      cycles.note(record, type, handle(index));
    const found = collect(cycles);
    expect(found.length).toBeGreaterThan(0);
    expect(found).toEqual(plainSearch(linksOf(second)));
  });
});

/**
 * The report stage's check (`CycleLinkHashes`): links noted as hashes per part, pruned, read
 * back in file order, and only those kept searched. It must find what the search over every link
 * finds, with the hash the stages use and with hashes that collide on purpose (a collision may
 * keep links that could go, never change a finding).
 */
function prunedSearch(
  links: CycleLink[],
  cut: number,
  lanes?: IdLanes,
): { found: Array<Partial<Finding>>; kept: number; held: number } {
  // Two parts, the second noted first (the report stage reads parts in any order).
  const parts = [
    { start: 0, links: links.filter((l) => l.recordIndex < cut) },
    { start: 5000, links: links.filter((l) => l.recordIndex >= cut) },
  ];
  const hashes = new CycleLinkHashes(lanes);
  for (const part of [...parts].reverse())
    part.links.forEach((l, seq) => {
      hashes.note(part.start, seq, l.kind, l.from, l.to);
    });
  const candidates = hashes.prune(parts.map((p) => p.start));
  const cycles = new ReferenceCycles();
  let held = 0;
  for (const part of parts)
    part.links.forEach((l, seq) => {
      if (!candidates.keeps(part.start, seq, l.kind, l.from)) return;
      held++;
      cycles.addLink(l.kind, l.from, l.to, l.reportIndex, l.recordIndex, l.position);
    });
  return { found: collect(cycles), kept: candidates.kept, held };
}

/** Sources in long reporting chains that end at a source reporting nothing, and a few cycles. */
function chainsAndCycles(
  seed: number,
  shuffle = true,
): Array<{ record: Record<string, unknown>; type: string }> {
  let state = seed;
  const rnd = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const out: Array<{ record: Record<string, unknown>; type: string }> = [];
  const source = (id: string, to: string[]) =>
    out.push({
      type: "source",
      record: { type: "source", id, reports: to.map((source) => ({ source, relation: "cites" })) },
    });
  // Chains: s:c:0 ← s:c:1 ← … (each reports the one before); most end at a source with no reports.
  for (let c = 0; c < 8; c++) {
    const length = 5 + Math.floor(rnd() * 30);
    for (let i = 0; i < length; i++) source(`s:${c}:${i}`, i === 0 ? [] : [`s:${c}:${i - 1}`]);
  }
  // A cycle of three, entered from a short chain (f:0 → f:1 → f:2 → ring:b), leading into chain 2.
  source("ring:a", ["ring:b", "s:2:3"]);
  source("ring:b", ["ring:c"]);
  source("ring:c", ["ring:a"]);
  for (let i = 0; i < 3; i++) source(`f:${i}`, [i < 2 ? `f:${i + 1}` : "ring:b"]);
  // An id whose first link goes nowhere and a later one (in a second record) into a cycle: the
  // search starts from it before the cycle's own ids, so the cycle is named from where it enters.
  source("entry", ["s:0:0"]);
  source("loop:x", ["loop:y"]);
  source("loop:y", ["loop:x"]);
  source("entry", ["loop:y"]);
  // Organizations: a parent chain and a parent cycle.
  for (let i = 0; i < 10; i++)
    out.push({
      type: "organization",
      record: { type: "organization", id: `o:${i}`, ...(i > 0 ? { parent: `o:${i - 1}` } : {}) },
    });
  out.push({ type: "organization", record: { type: "organization", id: "o:p", parent: "o:q" } });
  out.push({ type: "organization", record: { type: "organization", id: "o:q", parent: "o:p" } });
  // Shuffle the records a little: links point forwards and backwards.
  for (let i = out.length - 1; i > 0 && shuffle; i--) {
    if (rnd() < 0.7) continue;
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j] as (typeof out)[number], out[i] as (typeof out)[number]];
  }
  return out;
}

describe("reference cycles, pruned on hashes before they are held", () => {
  /** Every id to one of `buckets` hashes: most ids share theirs with others. */
  const colliding =
    (buckets: number): IdLanes =>
    (id) => {
      let h = 0;
      for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) % buckets;
      return [h, 7];
    };

  it("finds what the search over every link finds, holding only the links that may matter", () => {
    for (let seed = 1; seed <= 60; seed++) {
      const records = chainsAndCycles(seed);
      const links = linksOf(records);
      const expected = plainSearch(links);
      // The three cycles (sources ring and loop, organizations p/q) and no other.
      expect(expected.length).toBe(3);
      const { found, held } = prunedSearch(links, Math.floor(records.length / 2));
      expect(found).toEqual(expected);
      // The chains are gone. What stays: the cycles' 7 links, the 3 that lead into the ring,
      // and `entry`'s one into the loop, with its first link (pruned) when the shuffle left the
      // two records of `entry` in their order.
      expect(held === 11 || held === 12, `${held} links held`).toBe(true);
      expect(links.length).toBeGreaterThan(60);
    }
  });

  it("names a cycle from the id the search enters it by, even when that id's first link was pruned", () => {
    const records = chainsAndCycles(3, false);
    const links = linksOf(records);
    const loop = plainSearch(links).find((f) => f.message?.includes("loop:"));
    // `entry` is searched first, so the cycle is entered at loop:y (its link from `entry`).
    expect(loop?.message).toBe("Sources report each other in a cycle: loop:y → loop:x → loop:y");
    expect(prunedSearch(links, 10).found).toEqual(plainSearch(links));
  });

  it("finds the same on random graphs, with the stages' hash and with hashes that collide", () => {
    let withCycles = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const records = randomRecords(seed, 4 + (seed % 40));
      const links = linksOf(records);
      const expected = plainSearch(links);
      const cut = Math.floor(records.length / 3);
      expect(prunedSearch(links, cut).found).toEqual(expected);
      for (const buckets of [1, 2, 5])
        expect(prunedSearch(links, cut, colliding(buckets)).found).toEqual(expected);
      if (expected.length > 0) withCycles++;
    }
    expect(withCycles).toBeGreaterThan(100);
  });

  it("keeps more links when ids collide, and still reports the same cycles", () => {
    const links = linksOf(chainsAndCycles(5));
    const exact = prunedSearch(links, 20);
    // One hash for every id: one node that reports itself, so nothing can be pruned.
    const allOne = prunedSearch(links, 20, colliding(1));
    expect(allOne.kept).toBe(links.length);
    expect(exact.kept).toBeLessThan(links.length / 4);
    expect(allOne.found).toEqual(exact.found);
  });

  // A part's links are kept in chunks of 16,384, the last one starting small and growing: a
  // part with one link must not cost a whole chunk. Link numbers noted backwards, past two chunk
  // ends, must still be read back in order (the first link noted is in the third chunk while
  // the first two do not exist yet).
  it("keeps a long part's links across chunk ends, noted in any order", () => {
    const links: CycleLink[] = [];
    const at = { line: 1, column: 1, offset: 0 };
    const link = (from: string, to: string) =>
      links.push({
        kind: "reports",
        from,
        to,
        reportIndex: 0,
        recordIndex: links.length,
        position: at,
      });
    for (let i = 1; i < 40_000; i++) link(`s:${i}`, `s:${i - 1}`);
    link("ring:a", "ring:b");
    link("ring:b", "s:39999");
    link("s:0", "ring:a");
    const expected = plainSearch(links);
    expect(expected.length).toBe(1);
    const hashes = new CycleLinkHashes();
    for (let seq = links.length - 1; seq >= 0; seq--) {
      const l = links[seq] as CycleLink;
      hashes.note(0, seq, l.kind, l.from, l.to);
    }
    const candidates = hashes.prune([0]);
    const cycles = new ReferenceCycles();
    links.forEach((l, seq) => {
      if (candidates.keeps(0, seq, l.kind, l.from))
        cycles.addLink(l.kind, l.from, l.to, l.reportIndex, l.recordIndex, l.position);
    });
    expect(collect(cycles)).toEqual(expected);
  });

  // Link numbers that jump across chunk ends (a part's stage lines read in any order): a chunk
  // that stayed small (128 of its 16,384 slots here) is followed by the next chunk's links, and
  // the numbers read back must still be those noted.
  it("keeps links whose numbers jump across chunk ends", () => {
    const at = { line: 1, column: 1, offset: 0 };
    const seqs = [
      ...Array.from({ length: 100 }, (_, i) => i),
      ...Array.from({ length: 10 }, (_, i) => 20_000 + i),
      40_001,
    ];
    const ring: Record<number, [string, string]> = {
      90: ["x", "y"],
      20005: ["y", "z"],
      40001: ["z", "x"],
    };
    const links: Array<CycleLink & { seq: number }> = seqs.map((seq) => {
      const [from, to] = ring[seq] ?? [`s:${seq}`, `s:${seq + 1}`];
      return { seq, kind: "reports", from, to, reportIndex: 0, recordIndex: seq, position: at };
    });
    const expected = plainSearch(links);
    expect(expected.length).toBe(1);
    const hashes = new CycleLinkHashes();
    for (const l of links) hashes.note(0, l.seq, l.kind, l.from, l.to);
    const candidates = hashes.prune([0]);
    const cycles = new ReferenceCycles();
    for (const l of links)
      if (candidates.keeps(0, l.seq, l.kind, l.from))
        cycles.addLink(l.kind, l.from, l.to, l.reportIndex, l.recordIndex, l.position);
    expect(collect(cycles)).toEqual(expected);
  });
});
