import { execFileSync, spawn } from "node:child_process";
import { readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it, vi } from "vitest";
// @ts-expect-error: plain JavaScript generator shared with the benchmark
import { crossPartDataset } from "../../validator/bench/cross-part.mjs";
// @ts-expect-error: plain JavaScript generator shared with the benchmark
import { CROSSING_RULES, crossingDataset } from "../../validator/bench/crossing.mjs";
import {
  defaultMemoryBudgetMb,
  estimatedInMemoryMb,
  validateBounded,
} from "../src/bounded-validation";
import { CliError } from "../src/errors";
import { ExitCode } from "../src/exit-codes";
import { ExternalSort } from "../src/external-sort";
import { inputSpecs } from "../src/inputs";
import { inputsOverBudget } from "../src/run-inputs";
import { bin, parley, repoRoot, STACK_LINE, seedNdjson, tempDir } from "./helpers";

// A file too large for `--memory-budget` is validated through the distributed stages in one
// process (map, an external sort on disk, reduce, report) instead of the in-memory tables. The
// user asked for a report, not for a method: whichever path a file takes, every reporter must
// print the same bytes and the run must end with the same exit code. `--memory-budget 1` sends
// every file through the stages, `none` keeps every one in memory.

const REPORTERS = ["pretty", "json", "sarif", "github", "junit"] as const;

/**
 * Runs `parley validate` once, pretty on stdout and every other reporter into a file (one run
 * writes them all); returns each report, the exit code and stderr.
 */
async function reports(
  cwd: string,
  files: string[],
  budget: string,
  extra: string[] = [],
): Promise<{ reports: string[]; code: number | null; stderr: string }> {
  const out = tempDir();
  const outputs = REPORTERS.slice(1).flatMap((format) => [
    "--output",
    `${format}=${join(out, format)}`,
  ]);
  const run = await parley(
    ["validate", ...files, "--format", "pretty", ...outputs, "--memory-budget", budget, ...extra],
    { cwd },
  );
  return {
    reports: [
      run.stdout,
      ...REPORTERS.slice(1).map((format) => readFileSync(join(out, format), "utf8")),
    ],
    code: run.code,
    stderr: run.stderr,
  };
}

async function expectSameReports(cwd: string, files: string[], extra: string[] = [], budget = "1") {
  const inMemory = await reports(cwd, files, "none", extra);
  const bounded = await reports(cwd, files, budget, extra);
  expect(bounded.stderr).toBe(inMemory.stderr);
  expect(bounded.code).toBe(inMemory.code);
  for (const [k, format] of REPORTERS.entries()) {
    // toBe on megabytes of text prints megabytes on failure: compare, then show where.
    const a = inMemory.reports[k] as string;
    const b = bounded.reports[k] as string;
    if (a !== b) {
      let i = 0;
      while (a[i] === b[i]) i++;
      expect(b.slice(Math.max(0, i - 200), i + 200), `${format} differs at ${i}`).toBe(
        a.slice(Math.max(0, i - 200), i + 200),
      );
    }
  }
  return inMemory;
}

describe("parley validate --memory-budget", () => {
  it("gives the in-memory report, byte for byte, for files with problems across records", async () => {
    const dir = tempDir();
    // Problems that cross records in every direction (duplicates, references forward and
    // backward, dangling ones with "did you mean", dates, formats), two files of them, one gzip.
    writeFileSync(join(dir, "crossing.ndjson"), crossingDataset() as string);
    const lines: string[] = [];
    for (const record of crossPartDataset(3000, 7)) lines.push(JSON.stringify(record));
    writeFileSync(join(dir, "parts.ndjson.gz"), gzipSync(`${lines.join("\n")}\n`));
    const inMemory = await expectSameReports(
      dir,
      ["crossing.ndjson", "parts.ndjson.gz"],
      ["--no-color"],
    );
    // The files do exercise the rules across records (a clean file proves nothing).
    const byRule = JSON.parse(inMemory.reports[1] as string).inputs.flatMap(
      (input: { byRule: Record<string, unknown> }) => Object.keys(input.byRule),
    );
    // With --jobs 2 the map runs on two threads, each part sorted on its own.
    await expectSameReports(dir, ["crossing.ndjson"], ["--jobs", "2", "--split-threshold", "1000"]);
    for (const rule of CROSSING_RULES) expect(byRule, rule).toContain(rule);
  }, 300_000);

  // Through the stages the reference-cycle check holds only the links that may be on a cycle:
  // pruned on hashes, read back from disk. Long chains (the links it drops) around a few cycles
  // (those it keeps, with the links that lead into them, and an id whose first link goes
  // nowhere: it decides where the search enters a cycle, so which ids the message names first).
  it("finds the in-memory reference cycles among long reporting and parent chains", async () => {
    const dir = tempDir();
    const source = (id: string, to: string[]) =>
      `{"type":"source","id":"${id}","kind":"article","lang":"en","published":{"value":"2022-11-18"},"reports":[${to.map((t) => `{"source":"${t}","relation":"cites"}`).join(",")}]}`;
    const org = (id: string, parent?: string) =>
      `{"type":"organization","id":"${id}","names":[{"value":"Org ${id}","lang":"en"}],"kind":"ministry"${parent ? `,"parent":"${parent}"` : ""}}`;
    const lines: string[] = [];
    for (let c = 0; c < 40; c++)
      for (let i = 0; i < 60; i++) lines.push(source(`s:${c}:${i}`, i ? [`s:${c}:${i - 1}`] : []));
    lines.splice(700, 0, source("entry", ["s:3:0"]));
    lines.splice(1300, 0, source("loop:x", ["loop:y"]), source("loop:y", ["loop:x", "s:9:59"]));
    lines.splice(1900, 0, source("entry", ["loop:y"]), source("s:20:30", ["ring:a"]));
    lines.push(source("ring:a", ["ring:b"]), source("ring:b", ["ring:a"]));
    for (let i = 0; i < 500; i++) lines.push(org(`o:${i}`, i ? `o:${i - 1}` : undefined));
    lines.splice(2000, 0, org("o:p", "o:q"), org("o:q", "o:p"), org("o:into", "o:p"));
    writeFileSync(join(dir, "chains.ndjson"), `${lines.join("\n")}\n`);
    const inMemory = await expectSameReports(dir, ["chains.ndjson"]);
    const cycles = inMemory.reports[0]?.match(/reference-cycle/g) ?? [];
    expect(cycles.length).toBeGreaterThanOrEqual(3);
    expect(inMemory.reports[0]).toContain("loop:y → loop:x → loop:y");
    await expectSameReports(dir, ["chains.ndjson"], ["--jobs", "2", "--split-threshold", "1000"]);
  }, 120_000);

  it("gives the in-memory report for every case of the conformance corpus", async () => {
    const root = join(repoRoot, "packages", "schema", "conformance");
    const files: string[] = [];
    for (const version of readdirSync(root))
      for (const kind of ["valid", "invalid"])
        for (const name of readdirSync(join(root, version, kind)).sort())
          files.push(join(version, kind, name));
    expect(files.length).toBeGreaterThan(30);
    // All at once: one report of many inputs, in the order given, each input on its own.
    await expectSameReports(root, files, ["--no-color"]);
  }, 300_000);

  it("gives the in-memory report for third-party data imported by parley", async () => {
    const dir = tempDir();
    const fixtures = join(repoRoot, "packages", "importers", "test", "fixtures");
    execFileSync(process.execPath, [
      bin,
      "import",
      "plover",
      join(fixtures, "plover", "plover-gsr-slice.json"),
      "-o",
      join(dir, "plover.ndjson"),
    ]);
    execFileSync(process.execPath, [
      bin,
      "import",
      "gdelt",
      join(fixtures, "gdelt", "export-first-300.tsv"),
      "-o",
      join(dir, "gdelt.ndjson"),
    ]);
    expect(readFileSync(join(dir, "gdelt.ndjson"), "utf8").split("\n").length).toBeGreaterThan(100);
    await expectSameReports(dir, ["plover.ndjson", "gdelt.ndjson"]);
  }, 300_000);

  // A budget sends the large files of a run through the stages and keeps the small ones in
  // memory: one report, inputs in the order given, must not show the seam.
  it("gives the in-memory report when some inputs of a run are bounded and some are not", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "crossing.ndjson"), crossingDataset() as string);
    const lines: string[] = [];
    for (const record of crossPartDataset(12_000, 7)) lines.push(JSON.stringify(record));
    writeFileSync(join(dir, "large.ndjson"), `${lines.join("\n")}\n`);
    const files = ["crossing.ndjson", "large.ndjson", "crossing.ndjson.copy"];
    writeFileSync(join(dir, files[2] as string), crossingDataset() as string);
    // The smallest whole budget the large file's estimate passes and the others' do not.
    const budget = Math.ceil(
      estimatedInMemoryMb(statSync(join(dir, "crossing.ndjson")).size, 1, false),
    );
    const chosen = await inputsOverBudget({
      inputs: inputSpecs(files, dir),
      stdoutFormat: "json",
      outputs: [],
      options: {},
      jobs: 1,
      progress: false,
      memoryBudgetMb: budget,
    });
    expect(chosen.map((i) => i.spec.name)).toEqual(["large.ndjson"]);
    await expectSameReports(dir, files, ["--no-color"], String(budget));
  }, 300_000);

  // A large file's stage lines do not fit one sorted run: the merge of many runs (and of runs
  // holding lines of one id on both sides of a run's end) must give what one run gives.
  it("gives the same findings whether the stage lines fit one sorted run or take dozens", async () => {
    const { settings, inputs } = crossingOverBudget({ jobs: 1 });
    const run = async (runChars?: number) => {
      const [outcome] = await validateBounded(
        inputs as never,
        settings,
        { onProgress: () => {} },
        runChars,
      );
      if (outcome?.kind !== "validated") throw new Error("not validated");
      const findings = [];
      for await (const finding of outcome.findings.sorted()) findings.push(finding);
      await outcome.dispose?.();
      return { findings, summary: outcome.summary };
    };
    // Sorted runs written to disk, counted: with more than 64 (the merge's fan-in) groups of
    // runs are merged into one first, the path this test is for.
    const writeRun = vi.spyOn(
      ExternalSort.prototype as unknown as { writeRun: () => Promise<unknown> },
      "writeRun",
    );
    const oneRun = await run();
    const runsOfOne = writeRun.mock.calls.length;
    writeRun.mockClear();
    // ~2.3 MB of records make megabytes of stage lines: 16,384 characters a run is well over
    // a hundred runs.
    const manyRuns = await run(16_384);
    const runsOfMany = writeRun.mock.calls.length;
    writeRun.mockRestore();
    expect(runsOfOne).toBeLessThanOrEqual(1);
    expect(runsOfMany).toBeGreaterThan(64);
    expect(oneRun.findings.length).toBeGreaterThan(100);
    expect(manyRuns.summary).toEqual(oneRun.summary);
    expect(manyRuns.findings).toEqual(oneRun.findings);
  }, 120_000);

  // A map thread that reaches its heap limit (a small machine or container, several threads)
  // is the user's to fix, not a bug: exit 3 with what ran out and what to do, and every other
  // part stopped. A tiny heap makes the worker run out of memory as it loads the validator.
  it("says which thread ran out of memory, exit 3, when a map worker reaches its heap limit", async () => {
    const { settings, inputs } = crossingOverBudget({ jobs: 2, splitThreshold: 1000 });
    const error = await validateBounded(
      inputs as never,
      settings as never,
      { onProgress: () => {} },
      undefined,
      { maxOldGenerationSizeMb: 2, maxYoungGenerationSizeMb: 1 },
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(ExitCode.Unreadable);
    expect((error as CliError).message).toMatch(
      /^cannot validate 'crossing\.ndjson': the thread mapping its bytes \d+-\d+ ran out of memory$/,
    );
    expect((error as CliError).hint).toContain("--jobs 1");
  }, 120_000);

  // The tests above compare the two paths; this one checks that a budget does choose the stages
  // for the files over it, and only for files (standard input and CSV tables stay in memory).
  it("sends the files whose in-memory validation would pass the budget through the stages", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "small.ndjson"), "x".repeat(1000));
    // A sparse file: its size is what counts, not its bytes (it is never read here).
    writeFileSync(join(dir, "large.ndjson"), "");
    truncateSync(join(dir, "large.ndjson"), 1e9);
    const settings = (budget: number, jobs = 1) => ({
      inputs: inputSpecs(["small.ndjson", "-", "large.ndjson", "."], dir),
      stdoutFormat: "json" as const,
      outputs: [],
      options: {},
      jobs,
      progress: false,
      memoryBudgetMb: budget,
    });
    const chosen = async (budget: number, jobs = 1) =>
      (await inputsOverBudget(settings(budget, jobs))).map((i) => i.spec.name);
    expect(await chosen(Number.POSITIVE_INFINITY)).toEqual([]);
    expect(await chosen(1)).toEqual(["small.ndjson", "large.ndjson"]);
    const large = estimatedInMemoryMb(1e9, 1, false);
    expect(await chosen(Math.floor(large) - 1)).toEqual(["large.ndjson"]);
    expect(await chosen(Math.ceil(large) + 1)).toEqual([]);
    // Two threads take more memory for the same file.
    expect(estimatedInMemoryMb(3e8, 2, false)).toBeGreaterThan(estimatedInMemoryMb(3e8, 1, false));
    // A gzip stream holds ~5 × its size in records, whatever its name says: judged by its bytes.
    writeFileSync(join(dir, "packed.ndjson"), gzipSync('{"type":"event"}\n'));
    truncateSync(join(dir, "packed.ndjson"), 1e8);
    const packed = await inputsOverBudget({
      ...settings(Math.ceil(estimatedInMemoryMb(1e8, 1, false))),
      inputs: inputSpecs(["packed.ndjson"], dir),
    });
    expect(packed.map((i) => i.spec.name)).toEqual(["packed.ndjson"]);
    // The default budgets: a 350 MB file stays in memory on one thread, and goes through the
    // stages with two, whose in-memory tables grow ~5 × faster with the file.
    writeFileSync(join(dir, "mid.ndjson"), "");
    truncateSync(join(dir, "mid.ndjson"), 3.5e8);
    const byDefault = async (jobs: number) =>
      (
        await inputsOverBudget({
          ...settings(defaultMemoryBudgetMb(jobs), jobs),
          inputs: inputSpecs(["mid.ndjson"], dir),
        })
      ).map((i) => i.spec.name);
    expect(await byDefault(1)).toEqual([]);
    expect(await byDefault(2)).toEqual(["mid.ndjson"]);
  });

  // A Ctrl-C in the middle of a bounded run must not leave its sorted runs (gigabytes for a
  // large file) in the temporary directory — the map workers' included: a worker thread gets
  // no signals, so the main thread owns the one directory every run goes into.
  it("leaves no temporary behind when interrupted while mapping on two threads", async () => {
    const dir = tempDir();
    const tmp = tempDir();
    const lines: string[] = [];
    for (const record of crossPartDataset(40_000, 3)) lines.push(JSON.stringify(record));
    writeFileSync(join(dir, "big.ndjson"), `${lines.join("\n")}\n`);
    const child = spawn(
      process.execPath,
      [
        bin,
        "validate",
        "big.ndjson",
        "--memory-budget",
        "1",
        "--jobs",
        "2",
        "--split-threshold",
        "1000",
      ],
      { cwd: dir, env: { ...process.env, TMPDIR: tmp }, stdio: "ignore" },
    );
    const exited = new Promise<string>((resolve) =>
      child.on("close", (code, signal) => resolve(String(signal ?? code))),
    );
    const spilled = (): boolean => {
      const sizes: number[] = [];
      const walk = (path: string): void => {
        for (const entry of readdirSync(path, { withFileTypes: true })) {
          const full = join(path, entry.name);
          if (entry.isDirectory()) walk(full);
          else sizes.push(statSync(full, { throwIfNoEntry: false })?.size ?? 0);
        }
      };
      try {
        walk(tmp);
      } catch {
        return false; // a directory went away while walking
      }
      // Both threads have written a sorted run.
      return sizes.filter((size) => size > 0).length >= 2;
    };
    const started = Date.now();
    while (!spilled()) {
      if (Date.now() - started > 120_000) throw new Error("two threads did not write runs");
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    child.kill("SIGINT");
    expect(await exited).toMatch(/SIGINT|130/);
    expect(readdirSync(tmp)).toEqual([]);
  }, 180_000);

  it("refuses a budget that is not a number of megabytes, and applies to no stage", async () => {
    const bad = await parley(["validate", "x.ndjson", "--memory-budget", "lots"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /--memory-budget must be a whole number of megabytes \(1 or more\) or none/,
    );
    const stage = await parley(["validate", "--stage", "reduce", "--memory-budget", "10"]);
    expect(stage.code).toBe(2);
    expect(stage.stderr).toMatch(/--memory-budget does not apply to a stage/);
  });
});

// Spooled findings, sorted runs, a copy of standard input and the parts' held findings go to the
// system's temporary folder. TMPDIR pointing at a folder that is gone (or a full disk there) is
// the user's machine, not a bug in parley: one line naming the folder and exit 3, never
// "internal error" (exit 70) with a stack trace.
describe("a temporary folder that cannot be written", () => {
  const missing = join(tempDir(), "gone");
  const cases: Array<[string, string[], string | undefined]> = [
    [
      "the stages in this process (--memory-budget 1)",
      ["validate", seedNdjson, "--memory-budget", "1"],
      undefined,
    ],
    ["standard input", ["validate", "-"], readFileSync(seedNdjson, "utf8")],
    [
      "parts on two threads",
      ["validate", seedNdjson, "--jobs", "2", "--memory-budget", "none"],
      undefined,
    ],
  ];
  for (const [what, args, stdin] of cases)
    it(`is the user's to fix: ${what}`, async () => {
      const run = await parley(args, {
        env: { TMPDIR: missing },
        ...(stdin !== undefined ? { stdin } : {}),
      });
      expect(run.stderr).not.toMatch(/internal error|STACK/);
      expect(run.stderr).not.toMatch(STACK_LINE);
      expect(run.stderr).toContain(`cannot write temporary files in '${missing}'`);
      expect(run.code).toBe(3);
    });
});

/**
 * The crossing dataset in a new folder, with run settings whose 1 MB budget sends it through
 * the stages, and the one bounded input `validateBounded` takes.
 */
function crossingOverBudget(threads: { jobs: number; splitThreshold?: number }) {
  const dir = tempDir();
  const path = join(dir, "crossing.ndjson");
  writeFileSync(path, crossingDataset() as string);
  const settings = {
    inputs: inputSpecs(["crossing.ndjson"], dir),
    stdoutFormat: "json" as const,
    outputs: [],
    options: {},
    progress: false,
    memoryBudgetMb: 1,
    ...threads,
  };
  return { dir, settings, inputs: [{ index: 0, spec: { ...settings.inputs[0], path } }] };
}
