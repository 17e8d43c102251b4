/**
 * `npm run bench -w @parley/cli`: exports a synthetic Parley dataset (NDJSON, ~0.75 KB records,
 * the validator bench's generator) to SQLite, DuckDB and Parquet at two sizes and prints, for
 * each, wall time, records/s, peak RSS and output size; the baseline, measured in the same run,
 * is reading the file and building the table rows without any database. Peak RSS that stays
 * flat from the smaller size to the larger one is what "bounded memory" means here.
 *
 *   npm run bench -w @parley/cli -- [--records 1000000] [--small 100000] [--targets sqlite,duckdb,parquet] [--keep]
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const generator = join(here, "..", "..", "validator", "bench", "generate.mjs");
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const large = Number(opt("records", "1000000"));
const small = Number(opt("small", "100000"));
const targets = opt("targets", "sqlite,duckdb,parquet").split(",");
const keep = args.includes("--keep");
const dir = opt("dir", undefined) ?? mkdtempSync(join(tmpdir(), "parley-export-bench-"));

function sizeOf(path) {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.size;
  return readdirSync(path).reduce((sum, entry) => sum + sizeOf(join(path, entry)), 0);
}

function measure(...argv) {
  const out = execFileSync(process.execPath, [join(here, "measure.mjs"), ...argv], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  return JSON.parse(out.trim().split("\n").pop());
}

const mb = (bytes) => `${(bytes / 1e6).toFixed(0)} MB`;
/** Each row is printed as soon as it is measured: a long run shows its figures as it goes. */
function print(row) {
  console.log(
    [
      String(row.records).padEnd(10),
      row.what.padEnd(29),
      `${(row.ms / 1000).toFixed(1)} s`.padStart(8),
      String(Math.round(row.records / (row.ms / 1000))).padStart(11),
      mb(row.rss).padStart(10),
      mb(row.size).padStart(9),
      `${(row.ms / row.base).toFixed(1)}×`.padStart(10),
    ].join(" "),
  );
}

const header =
  "records    what                          time      records/s   peak RSS   output    × baseline time";
let printedHeader = false;
for (const records of [...new Set([small, large])]) {
  const file = join(dir, `clean-${records}.ndjson`);
  if (!existsSync(file)) {
    process.stdout.write(`generating ${file} … `);
    execFileSync(process.execPath, [generator, file, String(records), "0"], { stdio: "inherit" });
    console.log(mb(statSync(file).size));
  }
  if (!printedHeader) {
    console.log(`\n${header}`);
    printedHeader = true;
  }
  const baseline = measure("rows", file);
  print({
    records,
    what: "baseline: read + table rows",
    ...baseline,
    size: statSync(file).size,
    base: baseline.ms,
  });
  for (const target of targets) {
    const out = join(dir, `out-${records}.${target}`);
    rmSync(out, { recursive: true, force: true });
    const result = measure("export", target, file, out);
    if (result.code !== 0) throw new Error(`export --to ${target} exited ${result.code}`);
    print({
      records,
      what: `export --to ${target}`,
      ...result,
      size: sizeOf(out),
      base: baseline.ms,
    });
    if (!keep) rmSync(out, { recursive: true, force: true });
  }
}
if (!keep && !opt("dir", undefined)) rmSync(dir, { recursive: true, force: true });
