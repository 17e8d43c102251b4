/**
 * `--jobs N` must change how fast a report comes, never what it says. A split file is validated
 * in parts that each number lines from their own start and know only their own ids; whatever a
 * part reports is shifted and settled by the merger. Every place where a part-relative position
 * or a part-local fact could leak into a finding (a line number inside a message, the first use
 * of a duplicate id, a reference settled in another part) is exercised here by cutting the same
 * file at many different points and comparing with one thread, field by field.
 *
 * Runs against the built package (dist/), as the CLI uses it: worker threads load the built
 * worker script.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: plain JavaScript generator shared with the CLI test
import { CROSSING_RULES, crossingDataset } from "../bench/crossing.mjs";
import { compareFindings } from "../src/finding";
import type * as nodeApi from "../src/node";

const distNode = "../dist/node.js";
const built = (await import(/* @vite-ignore */ distNode)) as typeof nodeApi;

let dir: string;
let file: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "parley-parts-test-"));
  file = join(dir, "parts.ndjson");
  writeFileSync(file, crossingDataset());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a file validated in parts", () => {
  it("gives the findings and summary of one thread, wherever it is cut", async () => {
    const one = await built.validateFile(file, { file: "parts.ndjson" });
    // One thread emits cross-record findings last; parts come merged in file order, and the
    // CLI sorts both the same way (compareFindings).
    one.findings.sort(compareFindings);
    // The comparison means something only if every kind of crossing problem is there.
    const rules = new Set(one.findings.map((f) => f.ruleId));
    for (const rule of CROSSING_RULES) expect(rules, rule).toContain(rule);
    expect(one.findings.some((f) => f.suggestion !== undefined)).toBe(true);
    // Two to fourteen parts: cuts fall on different records each time.
    for (const [threads, partsPerThread] of [
      [2, 1],
      [3, 1],
      [2, 2],
      [2, 3],
      [3, 3],
      [2, 7],
    ] as const) {
      const parts = await built.validateInParts(
        file,
        threads,
        { file: "parts.ndjson" },
        partsPerThread,
      );
      const label = `${threads * partsPerThread} parts`;
      expect(parts.findings, label).toEqual(one.findings);
      expect(parts.summary, label).toEqual(one.summary);
    }
  });

  it("gives the same when running parts are cut again and again for threads that are free", async () => {
    // A thread done with its part takes over half of what another part has left, cut at the
    // next line start that part has not read: where, depends on the timing of the threads.
    // Reads of 16 KiB and no minimum make cuts happen all through this small file.
    const one = await built.validateFile(file, { file: "parts.ndjson" });
    one.findings.sort(compareFindings);
    for (const [threads, partsPerThread] of [
      [2, 1],
      [3, 1],
      [2, 2],
    ] as const) {
      const parts = await built.validateInParts(
        file,
        threads,
        { file: "parts.ndjson" },
        partsPerThread,
        { minSplitBytes: 1, readBytes: 16 * 1024 },
      );
      const label = `${threads} threads, ${partsPerThread} parts each`;
      expect(parts.findings, label).toEqual(one.findings);
      expect(parts.summary, label).toEqual(one.summary);
    }
  });

  it("reports an id used twice inside a later part at the line of its first use in the file", async () => {
    // The reported bug: the first use's line was counted from the start of the part.
    const one = await built.validateFile(file, { file: "parts.ndjson" });
    const parts = await built.validateInParts(file, 2, { file: "parts.ndjson" }, 2);
    const lastBlock = one.findings.filter(
      (f) => f.ruleId === "id-duplicate" && f.recordId === "person:twice-39",
    );
    expect(lastBlock).toHaveLength(1);
    const firstUse = (lastBlock[0] as { line: number }).line - 2;
    expect(lastBlock[0]?.message).toBe(
      `Id 'person:twice-39' is already used by the person record at line ${firstUse}`,
    );
    expect(parts.findings.filter((f) => f.recordId === "person:twice-39")).toEqual(lastBlock);
    // An id used five times is a duplicate of its FIRST use each time, also from a later part.
    const everywhere = parts.findings.filter((f) => f.recordId === "person:everywhere");
    expect(everywhere).toHaveLength(4);
    expect(new Set(everywhere.map((f) => f.message)).size).toBe(1);
  });

  it("streams the findings of the parts: sorted, they are one thread's, whatever the number of workers", async () => {
    const one = await built.validateFile(file, { file: "parts.ndjson" });
    one.findings.sort(compareFindings);
    for (const jobs of [2, 3, 5]) {
      const run = built.validateFileStream(file, { file: "parts.ndjson", jobs, minBytesPerJob: 1 });
      const streamed = [];
      for await (const finding of run) streamed.push(finding);
      streamed.sort(compareFindings);
      expect(streamed, `${jobs} jobs`).toEqual(one.findings);
      expect(await run.summary, `${jobs} jobs`).toEqual(one.summary);
    }
  });

  // A progress bar (parley validate on a terminal) must move with --jobs 2 too: a part's thread
  // may be a worker, which cannot call the caller's function, so the parts publish how far they
  // have got and the coordinator adds that up. It must end where one thread ends: every byte
  // and every record of the file counted once, whatever the cuts.
  it("reports the progress of all parts together, ending at one thread's figures", async () => {
    const last = (calls: Array<{ bytes: number; records: number }>) => calls.at(-1);
    const single: Array<{ bytes: number; records: number }> = [];
    await built.validateFile(file, { file: "parts.ndjson", onProgress: (p) => single.push(p) });
    expect(last(single)?.records).toBeGreaterThan(1000);
    for (const jobs of [2, 3]) {
      const calls: Array<{ bytes: number; records: number }> = [];
      const run = built.validateFileStream(file, {
        file: "parts.ndjson",
        jobs,
        minBytesPerJob: 1,
        minSplitBytes: 1,
        onProgress: (p) => calls.push({ ...p }),
      });
      for await (const _finding of run) {
      }
      expect(last(calls), `${jobs} jobs`).toEqual(last(single));
      // Never backwards: the bar only grows.
      for (let k = 1; k < calls.length; k++)
        expect((calls[k] as { bytes: number }).bytes).toBeGreaterThanOrEqual(
          (calls[k - 1] as { bytes: number }).bytes,
        );
    }
    const inParts: Array<{ bytes: number; records: number }> = [];
    await built.validateFile(file, {
      file: "parts.ndjson",
      jobs: 2,
      minBytesPerJob: 1,
      onProgress: (p) => inParts.push({ ...p }),
    });
    expect(last(inParts)).toEqual(last(single));
  });

  it("keeps the findings of a later part on disk until they can be numbered, and removes them", async () => {
    // Every line broken: the second part finds a problem on each of its 15,000 lines while the
    // first is still running. Those wait in a temporary file (the coordinator's memory holds a
    // few thousand at most), then come out with whole-file line numbers.
    const broken = join(dir, "broken.ndjson");
    const header = '{"type":"dataset","schemaVersion":"1.2","title":"broken"}';
    const lines = Array.from({ length: 30_000 }, (_, i) => `{"type":"person","id":"p${i}",`);
    writeFileSync(broken, `${header}\n${lines.join("\n")}\n`);
    const spill = mkdtempSync(join(tmpdir(), "parley-spill-test-"));
    try {
      const one = await built.validateFile(broken, { file: "broken.ndjson" });
      one.findings.sort(compareFindings);
      const run = built.validateFileStream(broken, {
        file: "broken.ndjson",
        jobs: 2,
        minBytesPerJob: 1,
        temporaryDirectory: spill,
      });
      const streamed = [];
      for await (const finding of run) streamed.push(finding);
      streamed.sort(compareFindings);
      expect(streamed).toHaveLength(30_000);
      expect(streamed).toEqual(one.findings);
      expect(streamed.at(-1)?.line).toBe(30_001);
      expect(await run.summary).toEqual(one.summary);
      expect(readdirSync(spill)).toEqual([]);
    } finally {
      rmSync(spill, { recursive: true, force: true });
    }
  });

  it("stops the workers and removes what waits on disk when the reader stops early", async () => {
    const spill = mkdtempSync(join(tmpdir(), "parley-spill-test-"));
    try {
      const run = built.validateFileStream(file, {
        file: "parts.ndjson",
        jobs: 3,
        minBytesPerJob: 1,
        temporaryDirectory: spill,
      });
      for await (const _finding of run) break;
      // The run stops with "no longer read", or had already finished if the findings were few
      // enough to be buffered whole: either way it settles, and leaves nothing behind.
      await run.summary.catch((error: Error) => expect(error.message).toMatch(/no longer read/));
      expect(readdirSync(spill)).toEqual([]);
    } finally {
      rmSync(spill, { recursive: true, force: true });
    }
  });
});
