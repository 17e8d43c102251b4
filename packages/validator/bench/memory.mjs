/**
 * `npm run bench:memory`: peak RSS of the whole `parley validate FILE` process tree at large
 * sizes, with every reporter, one thread and two — the memory targets of issue #12: below
 * 200 MB for one thread and 320 MB for two, at 1,000,000 and at 5,000,000 records.
 *
 *   npm run bench:memory -w @parley/validator -- [--records 1000000,5000000] [--invalid 0.1]
 *     [--reporters pretty,json,sarif,github,junit,all] [--jobs 1,2] [--files clean,invalid]
 *     [--dir DIR] [--keep] [--timeline] [--inputs N]
 *
 * `--inputs N`: the file cut into N files of consecutive records (each with the dataset's header
 * line), all named on one command line: what a run holds must not grow with the number of
 * inputs either. References between the pieces then dangle, so each piece has many findings.
 *
 * `all`: one run writing every report at once (pretty on stdout, the four others to files with
 * `--output`, removed after the run): a bound on each reporter's peak in one run.
 *
 * Files come from bench/generate.mjs (~745 bytes a record: 1,000,000 records = 750 MB,
 * 5,000,000 = 3.7 GB; the invalid copy is ~15 % smaller) in a temporary folder, removed at the
 * end unless --keep (or --dir, which is kept: pass the same one again to reuse its files).
 * Each run is one fresh process tree; the report goes to /dev/null. The figure judged is the
 * sum of the peaks of the tree's processes (bench/process-tree.mjs), so the waiting parent of
 * the CLI's re-spawn counts in full, and the `node` binary it shares with its child twice;
 * beside it, the tree's peak proportional set size (shared pages counted once, split between
 * the processes) and each process's own peak (parent + child). `--timeline` also prints the
 * tree's RSS over each run (the highest in each twentieth of its time): where the peak falls.
 */
import { execFileSync } from "node:child_process";
import {
  closeSync,
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { GENERATION } from "./generate.mjs";
import { measureTree } from "./process-tree.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, "..", "..", "cli", "dist", "bin.js");
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const list = (name, fallback) => opt(name, fallback).split(",").filter(Boolean);
const sizes = list("records", "1000000,5000000").map(Number);
const invalidShare = Number(opt("invalid", "0.1"));
const reporters = list("reporters", "pretty,json,sarif,github,junit");
const jobsList = list("jobs", "1,2").map(Number);
const kinds = list("files", "clean,invalid");
const given = opt("dir", undefined);
const keep = args.includes("--keep") || given !== undefined;
const timeline = args.includes("--timeline");
const inputCount = Number(opt("inputs", "1"));
if (!Number.isInteger(inputCount) || inputCount < 1 || inputCount > Math.min(...sizes)) {
  console.error(
    `bench:memory: --inputs takes a whole number from 1 to the records of the smallest file (${Math.min(...sizes)}), not '${opt("inputs", "1")}'`,
  );
  process.exit(2);
}
const dir = given ?? mkdtempSync(join(tmpdir(), "parley-bench-memory-"));
mkdirSync(dir, { recursive: true });

/** The reports `all` writes to files beside pretty on stdout. */
const ALL_OTHERS = ["json", "sarif", "github", "junit"];

/** Peak RSS targets of issue #12 by number of threads. */
const TARGET_MB = { 1: 200, 2: 320 };

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
const startLoad = load();
console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? "?"}, node ${process.version}; load average ${startLoad}`,
);
console.log(
  `peak RSS of \`parley validate FILE --format R [--jobs N]\`: the sum of the peaks of its processes (judged); PSS: the tree's peak proportional set size (shared pages counted once); own: each process's own peak, parent + child\n`,
);
const pad = (s, n) => String(s).padStart(n);
console.log(
  `${"records".padEnd(11)}${"file".padEnd(11)}${"jobs".padEnd(6)}${"report".padEnd(8)}${pad("peak RSS", 10)}${pad("PSS", 8)}${pad("own", 12)}${pad("wall", 8)}${pad("cpu", 8)}${pad("procs", 7)}  target`,
);

const verdicts = [];
try {
  for (const records of sizes) {
    for (const kind of kinds) {
      const share = kind === "clean" ? 0 : invalidShare;
      const file = join(dir, `${kind}-${records}${share ? `-${share}` : ""}.g${GENERATION}.ndjson`);
      if (!existsSync(file)) {
        process.stdout.write(`generating ${file} … `);
        execFileSync(
          process.execPath,
          [join(here, "generate.mjs"), file, String(records), String(share)],
          { stdio: "inherit" },
        );
        console.log(`${(statSync(file).size / 1e6).toFixed(0)} MB`);
      }
      const inputs = inputCount > 1 ? await piecesOf(file, records, inputCount) : [file];
      for (const jobs of jobsList) {
        for (const reporter of reporters) {
          const outputs = reporter === "all" ? mkdtempSync(join(tmpdir(), "parley-reports-")) : "";
          const formats =
            reporter === "all"
              ? [
                  "--format",
                  "pretty",
                  ...ALL_OTHERS.flatMap((f) => [
                    "--output",
                    `${f}=${join(outputs, `report.${f}`)}`,
                  ]),
                ]
              : ["--format", reporter];
          const m = await measureTree(
            [
              process.execPath,
              bin,
              "validate",
              ...inputs,
              ...formats,
              "--jobs",
              String(jobs),
              "--no-progress",
            ],
            { timeline },
          ).finally(() => {
            if (outputs) rmSync(outputs, { recursive: true, force: true });
          });
          // 0: no errors, 1: errors found; anything else is a failed run, not a figure.
          if (m.code !== 0 && m.code !== 1)
            throw new Error(
              `parley validate ${file} --format ${reporter} --jobs ${jobs} exited ${m.code}: ${m.stderr}`,
            );
          const target = TARGET_MB[jobs];
          const met = target === undefined ? undefined : m.peakRssMB < target;
          if (met !== undefined)
            verdicts.push({ records, kind, jobs, reporter, mb: m.peakRssMB, target, met });
          const label = inputCount > 1 ? `${kind}×${inputCount}` : kind;
          console.log(
            `${records.toLocaleString("en").padEnd(11)}${label.padEnd(11)}${String(jobs).padEnd(6)}${reporter.padEnd(8)}${pad(`${m.peakRssMB.toFixed(0)} MB`, 10)}${pad(`${m.peakPssMB.toFixed(0)} MB`, 8)}${pad(m.ownPeaksMB.map((mb) => mb.toFixed(0)).join("+"), 12)}${pad(`${(m.wallMs / 1000).toFixed(1)} s`, 8)}${pad(`${(m.cpuMs / 1000).toFixed(1)} s`, 8)}${pad(m.processes, 7)}  ${met === undefined ? "" : `< ${target} MB: ${met ? "met" : "MISSED"}`}`,
          );
          if (timeline) {
            const slices = Array.from({ length: 20 }, () => 0);
            for (const [ms, mb] of m.timeline) {
              const k = Math.min(19, Math.floor((ms / m.wallMs) * 20));
              slices[k] = Math.max(slices[k], mb);
            }
            console.log(
              `  RSS over the run, MB per twentieth: ${slices.map((mb) => mb.toFixed(0)).join(" ")}`,
            );
          }
        }
      }
    }
  }
} finally {
  if (!keep) rmSync(dir, { recursive: true, force: true });
  else console.log(`kept ${dir}`);
}

/**
 * `file` cut into `count` files of consecutive records, each starting with the file's header
 * line, in a folder beside it (made once: a folder already complete is used again).
 */
async function piecesOf(file, records, count) {
  const folder = `${file}.${count}-inputs`;
  const names = Array.from({ length: count }, (_, k) =>
    join(folder, `part-${String(k).padStart(String(count).length, "0")}.ndjson`),
  );
  if (existsSync(folder) && readdirSync(folder).length === count) return names;
  const building = `${folder}.tmp`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  const perPiece = Math.ceil(records / count);
  let head;
  let fd;
  let piece = -1;
  let inPiece = perPiece;
  for await (const line of createInterface({ input: createReadStream(file) })) {
    if (head === undefined) {
      head = line;
      continue;
    }
    if (inPiece === perPiece) {
      if (fd !== undefined) closeSync(fd);
      piece++;
      fd = openSync(join(building, names[piece].slice(folder.length + 1)), "w");
      writeSync(fd, `${head}\n`);
      inPiece = 0;
    }
    writeSync(fd, `${line}\n`);
    inPiece++;
  }
  if (fd !== undefined) closeSync(fd);
  renameSync(building, folder);
  return names;
}

console.log(`\ntargets (issue #12, item 5), worst case of each:`);
for (const jobs of jobsList) {
  for (const records of sizes) {
    const runs = verdicts.filter((v) => v.jobs === jobs && v.records === records);
    if (runs.length === 0) continue;
    const worst = runs.reduce((a, b) => (b.mb > a.mb ? b : a));
    console.log(
      `  ${jobs} thread${jobs > 1 ? "s" : ""}, ${records.toLocaleString("en")} records: ${worst.mb.toFixed(0)} MB (${worst.kind}, ${worst.reporter}) < ${worst.target} MB: ${runs.every((v) => v.met) ? "met" : "MISSED"}`,
    );
  }
}
console.log(`load average at the end: ${load()} (at the start: ${startLoad})`);
