/**
 * `--jobs auto` must never make a run slower than one thread would: workers pay only with two
 * free cores and two pieces of work (measured: with one core busy, two workers were slower).
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { autoJobs, DEFAULT_BYTES_PER_JOB, idleCores } from "../src/jobs-auto";
import { parley, repoRoot } from "./helpers";

const big = { size: 10 * DEFAULT_BYTES_PER_JOB, splittable: true };
const quiet2 = { cores: 2, load: 0.1 };

describe("autoJobs", () => {
  it("uses both cores of a quiet machine for a large NDJSON file", () => {
    expect(autoJobs([big], quiet2)).toBe(2);
    expect(autoJobs([big], { cores: 8, load: 0 })).toBe(8);
  });

  it("trusts the idle cores measured now over a load average that lags, and never more than it", () => {
    // A neighbour started a moment ago: the load average has not seen it yet, the sample has.
    expect(autoJobs([big], { cores: 2, load: 0.1, idle: 0.9 })).toBe(1);
    // A neighbour that just stopped still counts in the load average: stay at one.
    expect(autoJobs([big], { cores: 2, load: 1.2, idle: 2 })).toBe(1);
    // Threads pay from half a core short of free: 1.5 of 2 cores free is enough for two.
    expect(autoJobs([big], { cores: 2, load: 0.4, idle: 1.6 })).toBe(2);
    expect(autoJobs([big], { cores: 2, load: 0.4, idle: 1.4 })).toBe(1);
    expect(autoJobs([big], { cores: 8, load: 1, idle: 3.6 })).toBe(4);
  });

  it("measures idle cores as the idle share of the CPU time between two samples", () => {
    // Half the machine's time idle over the interval, on 2 cores: one core free.
    const samples = [
      { busy: 1000, idle: 3000 },
      { busy: 1050, idle: 3050 },
    ];
    expect(idleCores(1, 2, () => samples.shift())).toBe(1);
    // Nothing measurable (no /proc/stat): the load average alone decides.
    expect(idleCores(1, 2, () => undefined)).toBeUndefined();
    // And on this machine, where /proc/stat exists, a share of its cores.
    const here = idleCores(20, 2);
    if (here !== undefined) {
      expect(here).toBeGreaterThanOrEqual(0);
      expect(here).toBeLessThanOrEqual(2);
    }
  });

  it("stays at one thread when a core is taken, or on one core", () => {
    expect(autoJobs([big], { cores: 2, load: 1 })).toBe(1);
    expect(autoJobs([big], { cores: 2, load: 9 })).toBe(1);
    expect(autoJobs([big], { cores: 1, load: 0 })).toBe(1);
    // Eight cores with six busy: two free.
    expect(autoJobs([big], { cores: 8, load: 6 })).toBe(2);
  });

  it("stays at one thread when there is one piece of work", () => {
    // Under 2 × 32 MiB: not split (the validator would not split it either).
    expect(autoJobs([{ size: DEFAULT_BYTES_PER_JOB + 1, splittable: true }], quiet2)).toBe(1);
    // gzip, a JSON document, standard input: read by one thread.
    expect(autoJobs([{ size: 10 * DEFAULT_BYTES_PER_JOB, splittable: false }], quiet2)).toBe(1);
    expect(autoJobs([{ size: undefined, splittable: false }], quiet2)).toBe(1);
    // Two files are two pieces of work, whatever their size.
    expect(
      autoJobs(
        [
          { size: 10, splittable: true },
          { size: 10, splittable: false },
        ],
        quiet2,
      ),
    ).toBe(2);
  });
});

describe("parley validate --jobs auto", () => {
  it("is accepted and reports exactly what --jobs 1 reports", async () => {
    const seed = join(repoRoot, "examples", "seed", "seed.ndjson");
    const auto = await parley(["validate", seed, seed, "--jobs", "auto", "--format", "json"]);
    const one = await parley(["validate", seed, seed, "--jobs", "1", "--format", "json"]);
    expect(auto.stderr).toBe("");
    expect(auto.code).toBe(one.code);
    expect(auto.stdout).toBe(one.stdout);
  });

  it("refuses other words", async () => {
    const run = await parley(["validate", "x.ndjson", "--jobs", "many"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--jobs must be a whole number of 1 or more, got 'many'");
  });
});
