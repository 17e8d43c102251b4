/**
 * `@parley/validator/node`: one NDJSON file validated by several worker threads must give the
 * same findings and totals as one thread — duplicates and references across the parts
 * included — in an order that does not depend on which worker finishes first. Runs against the
 * built package (dist/), as the CLI uses it: worker threads load the built worker script.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: plain JavaScript generator shared with the benchmark
import { generate } from "../bench/generate.mjs";
import type { Finding } from "../src/index";
import type * as nodeApi from "../src/node";

// The worker script must be the built one; the API under test is the built one too. The path is
// a variable so that type-checking does not need dist/ (turbo builds it before the tests).
const distNode = "../dist/node.js";
const built = (await import(/* @vite-ignore */ distNode)) as typeof nodeApi;

const FORMAT =
  '{"type":"format","id":"format:test","name":"T","kind":"named-format","members":[{"country":"RUS"}]}';
const FORMAT_EARLY_EVENT =
  '{"type":"event","id":"event:fmt-early","kind":"meeting","participants":[{"represents":{"country":"FRA"}}],"formats":[{"format":"format:test","link":"held-in"}]}';
const FORMAT_LATE_EVENT =
  '{"type":"event","id":"event:fmt-late","kind":"meeting","participants":[{"represents":{"country":"RUS"}},{"represents":{"country":"DEU"}}],"formats":[{"format":"format:test","link":"held-in"}]}';

const CYCLE_EARLY =
  '{"type":"source","id":"source:cycle-a","reports":[{"source":"source:cycle-b","relation":"cites"}]}';
const CYCLE_LATE =
  '{"type":"source","id":"source:cycle-b","reports":[{"source":"source:cycle-a","relation":"derives-from"}]}';

let dir: string;
let file: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "parley-node-test-"));
  file = join(dir, "data.ndjson");
  const lines: string[] = [];
  for (const record of generate(20_000, 0.1, 3)) lines.push(JSON.stringify(record));
  // A duplicate id far from its twin and a reference to a record in the other part.
  lines.push('{"type":"organization","id":"org:1","names":[{"value":"Dup"}],"kind":"ministry"}');
  lines.splice(
    5,
    0,
    '{"type":"event","id":"event:early","kind":"meeting","relations":[{"relation":"follow-up-to","event":"event:late"}]}',
  );
  lines.push('{"type":"event","id":"event:late","kind":"meeting"}');
  // A format's membership checked for an event before the format (held pending) and for one
  // in the other part (settled by the merger, which re-reads the record to position it).
  lines.splice(6, 0, FORMAT_EARLY_EVENT, FORMAT);
  lines.push(FORMAT_LATE_EVENT);
  // A reporting cycle whose two sources are in different parts: only the merger sees it.
  lines.splice(8, 0, CYCLE_EARLY);
  lines.push(CYCLE_LATE);
  writeFileSync(file, `${lines.join("\n")}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const key = (f: Finding) =>
  `${f.offset} ${f.ruleId} ${f.line}:${f.column} ${f.pointer} ${f.recordIndex} ${f.message}`;

describe("validation in worker threads", () => {
  it("plans ranges on line boundaries", () => {
    const ranges = built.planRanges(file, 3);
    expect(ranges).toHaveLength(3);
    expect(ranges[0]?.start).toBe(0);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i]?.start).toBe(ranges[i - 1]?.end);
  });

  it("gives the same findings and summary as one thread", async () => {
    const single = await built.validateFile(file, { jobs: 1 });
    expect(single.summary.counts.error).toBeGreaterThan(1000);
    expect(single.findings.map((f) => f.ruleId)).toContain("id-duplicate");
    // Each non-member country is reported at its own pointer and at the country's string.
    const formatFindings = single.findings.filter(
      (f) => f.ruleId === "format-members-participants",
    );
    expect(formatFindings.map((f) => [f.pointer, f.column])).toEqual([
      ["/participants/0/represents/country", FORMAT_EARLY_EVENT.indexOf('"FRA"') + 1],
      ["/participants/1/represents/country", FORMAT_LATE_EVENT.indexOf('"DEU"') + 1],
    ]);
    // The cycle is reported once, at the link that closes it (the later source's).
    const cycles = single.findings.filter((f) => f.ruleId === "reference-cycle");
    expect(cycles.map((f) => [f.recordId, f.pointer, f.column])).toEqual([
      ["source:cycle-b", "/reports/0/source", CYCLE_LATE.indexOf('"source:cycle-a"') + 1],
    ]);
    for (const parts of [2, 3]) {
      const parallel = await built.validateInParts(file, parts, { file });
      expect(parallel.findings.map(key).sort()).toEqual(single.findings.map(key).sort());
      expect(parallel.summary).toEqual(single.summary);
      // Stable order: by offset.
      const offsets = parallel.findings.map((f) => f.offset);
      expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    }
  }, 60_000);

  it("applies the caps after merging, counting everything", async () => {
    const parallel = await built.validateInParts(file, 2, { file, maxFindingsPerRule: 3 });
    const single = await built.validateFile(file, { jobs: 1, maxFindingsPerRule: 3 });
    expect(parallel.summary.counts).toEqual(single.summary.counts);
    expect(Object.values(parallel.summary.byRule).every((r) => r.reported <= 3)).toBe(true);
    expect(parallel.findings.length).toBe(single.findings.length);
  }, 60_000);

  // Every event held in a format is compared with its members, however many come before the
  // format's record: a cap on what waits in memory once skipped all events beyond the 16th.
  it("checks every event that came before its format, in one thread and in parts", async () => {
    const wide = join(dir, "format-last.ndjson");
    const event = (i: number) =>
      `{"type":"event","id":"event:w${i}","kind":"meeting","participants":[{"represents":{"country":"FRA"}}],"formats":[{"format":"format:wide","link":"held-in"}]}`;
    const filler = (tag: string) =>
      Array.from(
        { length: 400 },
        (_, i) => `{"type":"event","id":"event:${tag}-${i}","kind":"call"}`,
      );
    const lines = [
      ...Array.from({ length: 15 }, (_, i) => event(i)),
      ...filler("a"),
      ...Array.from({ length: 15 }, (_, i) => event(15 + i)),
      ...filler("b"),
      '{"type":"format","id":"format:wide","name":"W","kind":"named-format","members":[{"country":"RUS"}]}',
    ];
    writeFileSync(wide, `${lines.join("\n")}\n`);
    const single = await built.validateFile(wide, { jobs: 1 });
    const warned = single.findings.filter((f) => f.ruleId === "format-members-participants");
    expect(warned.map((f) => f.recordId)).toEqual(
      Array.from({ length: 30 }, (_, i) => `event:w${i}`),
    );
    const parallel = await built.validateInParts(wide, 2, { file: wide });
    expect(parallel.findings.map(key).sort()).toEqual(single.findings.map(key).sort());
  }, 60_000);

  it("splits only what can be split", () => {
    expect(built.isSplittable(file)).toBe(true);
    writeFileSync(join(dir, "doc.json"), '{"schemaVersion":"1.0","records":[]}');
    expect(built.isSplittable(join(dir, "doc.json"))).toBe(false);
  });
});
