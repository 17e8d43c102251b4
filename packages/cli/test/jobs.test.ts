import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module of the validator's benchmark tools, without types
import { crossingDataset } from "../../validator/bench/crossing.mjs";
import { parley, seedJson, seedNdjson, tempDir } from "./helpers";

// `--jobs N` must change how fast a report comes, never what it says: the same findings, in the
// same order, with the same positions, summaries and exit code as `--jobs 1`. The datasets are
// built from the seed so that cross-record rules (references, duplicate ids) have real work to
// do across the boundaries between workers' chunks.

const ID = /"((?:source|person|org|format|event|quote):[a-z0-9-]+)"/g;
const [header, ...seedRecords] = readFileSync(seedNdjson, "utf8").trimEnd().split("\n") as [
  string,
  ...string[],
];

/**
 * `copies` copies of the seed's records, each copy's ids suffixed so that they are unique and
 * its references resolve within the copy. Every 40th copy carries defects: a broken line, a
 * kind that is not in the code list, a reference to an id that never exists, and a reference
 * to the NEXT copy's event (resolved only once a later chunk has been read).
 */
function largeDataset(copies: number, options: { duplicateEvery?: number } = {}): string {
  const lines = [header];
  for (let k = 0; k < copies; k++) {
    const duplicate = options.duplicateEvery !== undefined && k % options.duplicateEvery === 0;
    for (const record of seedRecords) {
      // A duplicate copy keeps copy 0's ids, so its records collide with records read long before.
      lines.push(duplicate ? record : record.replace(ID, `"$1-${k}"`));
    }
    if (k % 40 === 7) {
      lines.push('{"type":"event", broken');
      lines.push(
        `{"type":"source","id":"source:defect-${k}","kind":"artcle","lang":"en","reports":[{"source":"source:never-${k}","relation":"cites"}]}`,
      );
      lines.push(
        `{"type":"source","id":"source:forward-${k}","kind":"article","lang":"en","reports":[{"source":"source:seed-article-${k + 1}","relation":"cites"}]}`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

/** Runs the same validation with --jobs 1 and --jobs 2 and returns both results. */
async function bothWays(args: string[], cwd?: string, stdin?: string) {
  const split = ["--split-threshold", "65536"];
  const one = await parley([...args, "--jobs", "1"], { cwd, stdin });
  const two = await parley([...args, "--jobs", "2", ...split], { cwd, stdin });
  return { one, two };
}

describe("parley validate --jobs", () => {
  it("splits one large NDJSON file across workers with output identical to --jobs 1", async () => {
    const dir = tempDir();
    const file = join(dir, "large.ndjson");
    writeFileSync(file, largeDataset(120));
    for (const format of ["json", "sarif", "pretty"]) {
      const { one, two } = await bothWays(["validate", "large.ndjson", "--format", format], dir);
      expect(one.code).toBe(1);
      expect(two.code).toBe(one.code);
      expect(two.stderr).toBe(one.stderr);
      expect(two.stdout).toBe(one.stdout);
    }
    // The comparison above is only meaningful if the run found cross-chunk problems.
    const report = JSON.parse((await parley(["validate", file, "--format", "json"])).stdout);
    expect(Object.keys(report.summary.byRule).sort()).toEqual([
      "json-syntax",
      "ref-dangling",
      "schema-enum",
    ]);
    expect(report.summary.records).toBe(120 * seedRecords.length + 3 * 3);
  });

  it("reports duplicate ids across the workers' chunks exactly as one thread does", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "dups.ndjson"), largeDataset(80, { duplicateEvery: 30 }));
    const { one, two } = await bothWays(["validate", "dups.ndjson", "--format", "json"], dir);
    const byRule = JSON.parse(one.stdout).summary.byRule;
    expect(byRule["id-duplicate"].count).toBe(2 * seedRecords.length);
    expect(two.stdout).toBe(one.stdout);
  });

  it("spreads several files (and stdin) over workers with output identical to --jobs 1, in input order", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a.ndjson"), largeDataset(30));
    writeFileSync(join(dir, "b.ndjson"), largeDataset(10));
    const files = ["b.ndjson", seedJson, "-", "a.ndjson", seedNdjson, "missing.ndjson"];
    const stdin = largeDataset(9);
    for (const format of ["json", "junit", "pretty"]) {
      const { one, two } = await bothWays(["validate", ...files, "--format", format], dir, stdin);
      expect(one.code).toBe(3);
      expect(two.code).toBe(3);
      expect(two.stderr).toBe(one.stderr);
      expect(two.stdout).toBe(one.stdout);
    }
  });

  it("applies --max-findings after merging, so the same findings are kept with any --jobs", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "large.ndjson"), largeDataset(120));
    const { one, two } = await bothWays(
      [
        "validate",
        "large.ndjson",
        "--format",
        "json",
        "--max-findings",
        "4",
        "--max-findings-per-rule",
        "2",
      ],
      dir,
    );
    expect(JSON.parse(one.stdout).findings).toHaveLength(4);
    expect(two.stdout).toBe(one.stdout);
  });

  it("writes every report format byte for byte as --jobs 1 does, with 2 and 3 workers", async () => {
    // Problems that cross the workers' parts in both directions (duplicates first used in an
    // earlier part or earlier in the same part, references forward and backward, sources
    // published before the event citing them), in every format at once: stdout and four
    // --output files. Alone, the file is cut into 2 or 3 parts; with a gzip copy beside it,
    // each file goes whole to a worker thread (gzip cannot be cut): no report may differ.
    const dir = tempDir();
    const text = crossingDataset() as string;
    writeFileSync(join(dir, "crossing.ndjson"), text);
    writeFileSync(join(dir, "crossing.ndjson.gz"), gzipSync(text));
    const outputs = ["json", "sarif", "junit", "github"];
    const run = async (jobs: number, files: string[]) => {
      const args = ["validate", ...files, "--jobs", String(jobs), "--split-threshold", "4096"];
      for (const format of outputs) args.push("--output", `${format}=${format}-${jobs}.out`);
      const result = await parley(args, { cwd: dir });
      const reports = outputs.map((f) => readFileSync(join(dir, `${f}-${jobs}.out`), "utf8"));
      return { ...result, reports };
    };
    for (const [files, jobsToCompare] of [
      [["crossing.ndjson"], [2, 3]],
      [["crossing.ndjson", "crossing.ndjson.gz"], [2]],
    ] as const) {
      const one = await run(1, [...files]);
      expect(one.code).toBe(1);
      const byRule = JSON.parse(one.reports[0] as string).summary.byRule;
      // 44 from the person:twice/person:everywhere blocks, 2 in each of the 10 blocks
      // (k % 4 === 1) that redefine source:s-0 and source:was-person, and 1 in each of the 20
      // blocks that redefine format:x (k % 4 === 2) or format:was-person (k % 4 === 3).
      expect(byRule["id-duplicate"].count).toBe((44 + 20 + 20) * files.length);
      for (const jobs of jobsToCompare) {
        const many = await run(jobs, [...files]);
        expect(many.code, `--jobs ${jobs}`).toBe(one.code);
        expect(many.stdout, `pretty, --jobs ${jobs}`).toBe(one.stdout);
        outputs.forEach((format, k) => {
          expect(many.reports[k], `${format}, --jobs ${jobs}`).toBe(one.reports[k]);
        });
      }
    }
  }, 180_000);

  it("makes a large report's code frames and text on a worker thread, byte for byte as one thread does", async () => {
    // With --jobs >= 2 and many findings the main thread reads the findings back and writes,
    // while a worker thread reads the code frames and formats (report-worker.ts). The threshold
    // is lowered so that this small dataset takes that path: every format, two inputs (the
    // worker switches from one input's frames to the next), colours, and caps (only what the
    // caps keep is sent) must come out exactly as --jobs 1 writes them.
    const dir = tempDir();
    const text = crossingDataset() as string;
    writeFileSync(join(dir, "crossing.ndjson"), text);
    writeFileSync(join(dir, "crossing.ndjson.gz"), gzipSync(text));
    const outputs = ["json", "sarif", "junit", "github"];
    const run = async (jobs: number, extra: string[], moreEnv: Record<string, string> = {}) => {
      const args = ["validate", "crossing.ndjson", "crossing.ndjson.gz", "--jobs", String(jobs)];
      args.push("--split-threshold", "4096", ...extra);
      for (const format of outputs) args.push("--output", `${format}=${format}-${jobs}.out`);
      const env = {
        PARLEY_REPORT_WORKER_MIN_FINDINGS: jobs > 1 ? "0" : "1000000000",
        ...moreEnv,
      };
      const result = await parley(args, { cwd: dir, env });
      const reports = outputs.map((f) => readFileSync(join(dir, `${f}-${jobs}.out`), "utf8"));
      return { ...result, reports };
    };
    for (const extra of [[], ["--color", "--max-findings-per-rule", "3", "--max-findings", "40"]]) {
      const one = await run(1, extra);
      expect(one.code).toBe(1);
      expect(one.stdout.split("\n").length).toBeGreaterThan(100);
      const two = await run(2, extra);
      // The path under test is taken: PARLEY_DEBUG says when the worker formats the report.
      const debug = { PARLEY_DEBUG: "1" };
      expect((await run(2, extra, debug)).stderr).toContain("formatted on a worker thread");
      expect((await run(1, extra, debug)).stderr).not.toContain("worker thread");
      expect(two.stderr).toBe(one.stderr);
      expect(two.code).toBe(one.code);
      expect(two.stdout, `pretty ${extra.join(" ")}`).toBe(one.stdout);
      outputs.forEach((format, k) => {
        expect(two.reports[k], `${format} ${extra.join(" ")}`).toBe(one.reports[k]);
      });
    }
  }, 120_000);
});
