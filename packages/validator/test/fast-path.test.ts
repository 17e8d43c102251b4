/**
 * The byte-level fast path, wired into the NDJSON reader, must not change a single finding:
 * it only decides records it can prove valid and hands the dataset rules a projection of them
 * (dataset/reads.ts). If the projection missed a member a rule reads, that rule would go
 * silent on fast-path records — so every dataset here is validated twice, fast path on and
 * off, and the two runs must report the same findings (positions, messages, suggestions) and
 * the same summary. The datasets are the ones whose findings matter most: every rule's
 * catalogue examples, the conformance corpus, the seed, the benchmark's generator with 10 %
 * broken records, and datasets of fuzzed records.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
// @ts-expect-error: the benchmark's generator is plain JavaScript without types
import { generate } from "../bench/generate.mjs";
import { Run } from "../src/engine";
import type { Finding, ValidationSummary } from "../src/finding";
import type { ValidateOptions } from "../src/options";
import { RULES } from "../src/rules";
import { repoRoot, seedRecordsFor } from "./helpers";
import { mutation } from "./mutations";

interface Outcome {
  findings: Finding[];
  summary: ValidationSummary;
  fastRecords: number;
}

async function run(input: string | Uint8Array, options: ValidateOptions): Promise<Outcome> {
  const run = new Run({ file: "data.ndjson", ...options });
  const findings: Finding[] = [];
  let summary: ValidationSummary | undefined;
  for await (const f of run.iterate(
    input,
    (s) => {
      summary = s;
    },
    () => {},
  ))
    findings.push(f);
  return { findings, summary: summary as ValidationSummary, fastRecords: run.fastRecords };
}

/** Validates with and without the fast path; returns how many records it decided. */
async function same(input: string | Uint8Array, options: ValidateOptions = {}): Promise<number> {
  const fast = await run(input, { ...options, fastPath: true });
  const exact = await run(input, { ...options, fastPath: false });
  expect(exact.fastRecords).toBe(0);
  expect(fast.findings).toEqual(exact.findings);
  expect(fast.summary).toEqual(exact.summary);
  return fast.fastRecords;
}

describe("the byte-level fast path changes no finding", () => {
  it("on the valid and invalid examples of every rule of the catalogue", async () => {
    let decided = 0;
    for (const rule of RULES) {
      decided += await same(rule.validExample);
      decided += await same(rule.invalidExample);
    }
    expect(decided).toBeGreaterThan(RULES.length);
  });

  it("on every file of the conformance corpus", async () => {
    const root = join(repoRoot, "packages", "schema", "conformance");
    let decided = 0;
    for (const version of readdirSync(root)) {
      for (const kind of ["valid", "invalid"]) {
        for (const file of readdirSync(join(root, version, kind)))
          decided += await same(readFileSync(join(root, version, kind, file), "utf8"));
      }
    }
    expect(decided).toBeGreaterThan(50);
  });

  it("on the seed, in every form it is published", async () => {
    for (const name of ["seed.ndjson", "seed-1.0.ndjson"]) {
      const text = readFileSync(join(repoRoot, "examples", "seed", name), "utf8");
      const lines = text.split("\n").filter((line) => line.trim()).length;
      // Every record of the seed is decided by the fast path (the header is not a record).
      expect(await same(text)).toBe(lines - 1);
    }
  });

  it("on the benchmark's dataset with 10 % broken records (forward references, every record type)", async () => {
    const lines: string[] = [];
    for (const record of generate(3000, 0.1, 7)) lines.push(JSON.stringify(record));
    const decided = await same(`${lines.join("\n")}\n`);
    // About one record in ten is broken: after its first 2,000 records the run gives up the
    // fast path (more than one in 20 left over), and the rest takes the exact path. Not all
    // ~2,700 valid records are decided, but many are.
    expect(decided).toBeGreaterThan(1500);
    expect(decided).toBeLessThan(2400);
    // One thread's part of a split file (no header, version from the coordinator) too.
    const tail = `${lines.slice(1500).join("\n")}\n`;
    const part = { baseOffset: 0, continuation: true, version: "1.2" };
    const fast = new Run({ file: "part.ndjson", fastPath: true }, part);
    const exact = new Run({ file: "part.ndjson", fastPath: false }, part);
    const collect = async (r: Run) => {
      const out: Finding[] = [];
      for await (const f of r.iterate(
        tail,
        () => {},
        () => {},
      ))
        out.push(f);
      return { findings: out, state: r.datasetState };
    };
    expect(await collect(fast)).toEqual(await collect(exact));
    expect(fast.fastRecords).toBeGreaterThan(1000);
  });

  it("on datasets of fuzzed records, with every rule on", async () => {
    const seed = readFileSync(join(repoRoot, "examples", "seed", "seed.ndjson"), "utf8")
      .split("\n")
      .filter((line) => line.trim());
    const header = seed[0] as string;
    const records = seedRecordsFor("1.2");
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(records.length - 1), fc.array(mutation, { maxLength: 2 })), {
          minLength: 1,
          maxLength: 12,
        }),
        async (picks) => {
          const lines = picks.map(([k, mutations]) => {
            let record = structuredClone(records[k]);
            for (const m of mutations) record = m(record);
            return JSON.stringify(record) ?? "null";
          });
          await same(`${[header, ...lines].join("\n")}\n`);
        },
      ),
      { numRuns: 300, seed: 12 },
    );
  });

  it("with a depth limit below the records' nesting (the exact path reports the depth)", async () => {
    const text = readFileSync(join(repoRoot, "examples", "seed", "seed.ndjson"), "utf8");
    expect(await same(text, { limits: { maxDepth: 3 } })).toBeLessThan(
      await same(text, { limits: { maxDepth: 64 } }),
    );
  });
});
