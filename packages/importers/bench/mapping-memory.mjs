#!/usr/bin/env node
// Memory of `parley import --mapping` on a large CSV: the import streams, so its peak RSS must
// stay flat as the input grows. Generates CSVs of SIZE/4 and SIZE megabytes (default 256; pass
// 1024 for the 1 GB figure), imports each with the guide's mapping, and prints peak RSS and time
// next to a baseline measured in the same run: a plain Node stream that only reads the file.
//   node bench/mapping-memory.mjs [SIZE_MB]
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeSummits } from "./summits-source.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const bin = join(root, "packages", "cli", "dist", "bin.js");
const mapping = join(root, "examples", "mappings", "summits.mapping.json");
const preload = join(here, "maxrss.cjs");
const sizeMb = Number(process.argv[2] ?? 256);
const dir = mkdtempSync(join(tmpdir(), "parley-bench-"));

function measure(args) {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ["-r", preload, ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rss = Number(/MAXRSS_KB (\d+)/.exec(run.stderr)?.[1] ?? Number.NaN);
  if (run.status !== 0) throw new Error(`${args.join(" ")} failed:\n${run.stderr}`);
  return { seconds, rssMb: rss / 1024, stderr: run.stderr };
}

try {
  const rows = [];
  for (const mb of [sizeMb / 4, sizeMb]) {
    const csv = join(dir, `summits-${mb}.csv`);
    const count = await writeSummits(csv, mb * 1024 * 1024);
    const size = statSync(csv).size / 1024 / 1024;
    const baseline = measure([
      "-e",
      `let n=0;require("fs").createReadStream(${JSON.stringify(csv)}).on("data",c=>n+=c.length)`,
    ]);
    const imported = measure([
      bin,
      "import",
      "--mapping",
      mapping,
      csv,
      "-o",
      join(dir, "out.ndjson"),
    ]);
    const summary = /summits: read (\d+), imported (\d+)/.exec(imported.stderr);
    rows.push({ size, count, baseline, imported, summary: summary?.[0] });
    rmSync(csv);
  }
  console.log(
    "size MB | rows | import: peak RSS MB, s | baseline read: peak RSS MB, s | RSS ratio",
  );
  for (const { size, count, baseline, imported, summary } of rows) {
    console.log(
      `${size.toFixed(0)} | ${count} | ${imported.rssMb.toFixed(0)}, ${imported.seconds.toFixed(1)} | ${baseline.rssMb.toFixed(0)}, ${baseline.seconds.toFixed(1)} | ${(imported.rssMb / baseline.rssMb).toFixed(2)}  (${summary})`,
    );
  }
  const [small, large] = rows;
  console.log(
    `peak RSS grows ${(large.imported.rssMb / small.imported.rssMb).toFixed(2)}x for ${(large.size / small.size).toFixed(1)}x the input`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
