/**
 * `--jobs auto` must never make a run slower than one thread would: workers pay only with two
 * free cores and two pieces of work (measured: with one core busy, two workers were slower).
 */
import { truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { DEFAULT_MIN_BYTES_PER_JOB } from "@parley/validator/node";
import { describe, expect, it } from "vitest";
import { autoJobs, autoJobsForFiles, idleCores } from "../src/jobs-auto";
import { parley, repoRoot, tempDir } from "./helpers";

const big = { size: 10 * DEFAULT_MIN_BYTES_PER_JOB, splittable: true };
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
    // Threads pay from a quarter of a core short of free: 1.75 of 2 cores free is enough for
    // two; at 1.6 two threads are about as slow as one (one thread already keeps ~1.25 cores
    // busy and two use ~1.3 × its CPU), so one.
    expect(autoJobs([big], { cores: 2, load: 0.2, idle: 1.8 })).toBe(2);
    expect(autoJobs([big], { cores: 2, load: 0.4, idle: 1.6 })).toBe(1);
    expect(autoJobs([big], { cores: 2, load: 0.4, idle: 1.4 })).toBe(1);
    expect(autoJobs([big], { cores: 8, load: 1, idle: 3.8 })).toBe(4);
    expect(autoJobs([big], { cores: 8, load: 1, idle: 3.6 })).toBe(3);
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
    expect(autoJobs([{ size: DEFAULT_MIN_BYTES_PER_JOB + 1, splittable: true }], quiet2)).toBe(1);
    // gzip, a JSON document, standard input: read by one thread.
    expect(autoJobs([{ size: 10 * DEFAULT_MIN_BYTES_PER_JOB, splittable: false }], quiet2)).toBe(1);
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

// The same rule on files as `parley validate --jobs auto` sees them: their sizes on disk and
// what the validator can split (plain NDJSON, not gzip), on a machine given by the test (the
// one running the tests may be busy or idle).
describe("autoJobsForFiles", () => {
  it("picks 2 only for work that two threads can share, on two free cores", () => {
    const dir = tempDir();
    // Sparse files: their size is what counts (nothing is read).
    const sized = (name: string, bytes: number) => {
      const path = join(dir, name);
      writeFileSync(path, "");
      truncateSync(path, bytes);
      return { path, name };
    };
    // What the bytes start with counts, not the name: a gzip stream (read by one thread
    // whatever it is called), NDJSON under a name that does not say so (cut like any other).
    const startingWith = (name: string, head: Uint8Array | string, bytes: number) => {
      const path = join(dir, name);
      writeFileSync(path, head);
      truncateSync(path, bytes);
      return { path, name };
    };
    const large = sized("large.ndjson", 3 * DEFAULT_MIN_BYTES_PER_JOB);
    const gzip = startingWith(
      "large.ndjson.gz",
      gzipSync('{"type":"event"}\n'),
      3 * DEFAULT_MIN_BYTES_PER_JOB,
    );
    const gzipMisnamed = startingWith(
      "export.ndjson",
      gzipSync('{"type":"event"}\n'),
      3 * DEFAULT_MIN_BYTES_PER_JOB,
    );
    const ndjsonUnnamed = startingWith(
      "export.data",
      '{"type":"event"}\n',
      3 * DEFAULT_MIN_BYTES_PER_JOB,
    );
    const small = sized("small.ndjson", DEFAULT_MIN_BYTES_PER_JOB + 1);
    const idle = () => ({ cores: 2, load: 0.2, idle: 1.9 });
    const oneBusy = () => ({ cores: 2, load: 1.1, idle: 0.9 });
    const halfBusy = () => ({ cores: 2, load: 0.5, idle: 1.5 });
    const sampled: boolean[] = [];
    const watching = (_cores: number, sampleIdle: boolean) => {
      sampled.push(sampleIdle);
      return idle();
    };
    // Two threads pay: a file of two 32 MiB parts or more, both cores free.
    expect(autoJobsForFiles([large], "auto", undefined, idle)).toBe(2);
    // They do not pay with a core taken by something else (measured slower than one thread).
    expect(autoJobsForFiles([large], "auto", undefined, oneBusy)).toBe(1);
    // Nor with half a core taken: two threads need ~1.6 free cores to break even.
    expect(autoJobsForFiles([large], "auto", undefined, halfBusy)).toBe(1);
    // One piece of work: a gzip file or a JSON document is read by one thread; a file under
    // two parts is not split (the validator would not split it either).
    expect(autoJobsForFiles([gzip], "auto", undefined, idle)).toBe(1);
    expect(autoJobsForFiles([small], "auto", undefined, idle)).toBe(1);
    expect(autoJobsForFiles([large], "json", undefined, idle)).toBe(1);
    expect(autoJobsForFiles([gzipMisnamed], "auto", undefined, idle)).toBe(1);
    expect(autoJobsForFiles([ndjsonUnnamed], "auto", undefined, idle)).toBe(2);
    // --split-threshold moves the bar: with 8 MiB parts the small file is work for two.
    expect(autoJobsForFiles([small], "auto", 8 << 20, idle)).toBe(2);
    // Two inputs are two pieces of work, and standard input one of them.
    expect(autoJobsForFiles([gzip, { name: "-" }], "auto", undefined, idle)).toBe(2);
    // The idle cores are sampled (~0.1 s) only when the answer could be more than one.
    autoJobsForFiles([small], "auto", undefined, watching);
    autoJobsForFiles([large], "auto", undefined, watching);
    expect(sampled).toEqual([false, true]);
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
