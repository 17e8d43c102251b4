#!/usr/bin/env node
// The 1 GB figure of "streaming, so a 1 GB source imports in bounded memory": generates a source
// of SIZE megabytes on the fly (never committed), imports it with `parley import --mapping` under
// `nice -n 10 /usr/bin/time -v`, and prints peak RSS and elapsed time as GNU time reports them,
// plus the resident set sampled every few seconds during the run: flat memory shows as a flat
// curve, a leak as one that climbs with the rows read.
//   node bench/import-large.mjs [SIZE_MB=1024] [FORMAT=csv|ndjson|xml]
// It takes a while (tens of minutes for 1 GB on a shared 2-core machine); `npm run bench` runs the
// quicker mapping-memory.mjs instead.
import { spawn } from "node:child_process";
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeSummits } from "./summits-source.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const bin = join(root, "packages", "cli", "dist", "bin.js");
const guideMapping = JSON.parse(
  readFileSync(join(root, "examples", "mappings", "summits.mapping.json"), "utf8"),
);
const sizeMb = Number(process.argv[2] ?? 1024);
const format = process.argv[3] ?? "csv";
if (!["csv", "ndjson", "xml"].includes(format) || !(sizeMb > 0)) {
  console.error("usage: node bench/import-large.mjs [SIZE_MB] [csv|ndjson|xml]");
  process.exit(2);
}
if (!existsSync("/usr/bin/time")) {
  console.error("needs GNU time at /usr/bin/time (apt-get install time)");
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), "parley-bench-large-"));

/** Resident set of a process tree (the CLI re-executes itself with V8 flags), in KB. */
function treeRssKb(pid) {
  const children = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {}
  }
  let total = 0;
  const stack = [pid];
  while (stack.length > 0) {
    const current = stack.pop();
    try {
      const status = readFileSync(`/proc/${current}/status`, "utf8");
      total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    } catch {}
    stack.push(...(children.get(current) ?? []));
  }
  return total;
}

try {
  const source = join(dir, `summits.${format}`);
  const mappingPath = join(dir, "summits.mapping.json");
  const input =
    format === "csv"
      ? guideMapping.input
      : format === "ndjson"
        ? { format: "ndjson", requires: guideMapping.input.requires }
        : { format: "xml", iterate: "/rows/row", requires: guideMapping.input.requires };
  writeFileSync(mappingPath, JSON.stringify({ ...guideMapping, input }));
  const generatedAt = Date.now();
  const rows = await writeSummits(source, sizeMb * 1024 * 1024, format);
  const size = statSync(source).size / 1024 / 1024;
  console.log(
    `generated ${size.toFixed(0)} MB of ${format}, ${rows} rows, in ${((Date.now() - generatedAt) / 1000).toFixed(0)} s`,
  );
  const output = join(dir, "out.ndjson");
  const args = ["-n", "10", "/usr/bin/time", "-v", process.execPath, bin, "import"];
  args.push("--mapping", mappingPath, source, "-o", output);
  const child = spawn("nice", args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const started = Date.now();
  const samples = [];
  const timer = setInterval(() => {
    samples.push([(Date.now() - started) / 1000, treeRssKb(child.pid)]);
  }, 5000);
  const status = await new Promise((resolve) => child.on("close", resolve));
  clearInterval(timer);
  if (status !== 0) throw new Error(`import failed (exit ${status}):\n${stderr.slice(-4000)}`);
  const maxRssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1]);
  const elapsed = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)/.exec(stderr)?.[1];
  const cpu = /Percent of CPU this job got: (\S+)/.exec(stderr)?.[1];
  const summary = /summits: read (\d+), imported (\d+)[^\n]*/.exec(stderr)?.[0];
  const outMb = statSync(output).size / 1024 / 1024;
  console.log(`${summary}; wrote ${outMb.toFixed(0)} MB of NDJSON`);
  console.log(
    `peak RSS ${(maxRssKb / 1024).toFixed(0)} MB (GNU time), elapsed ${elapsed}, CPU ${cpu}, ${(rows / ((Date.now() - started) / 1000)).toFixed(0)} rows/s`,
  );
  // The curve at tenths of the run: flat means memory does not grow with the rows read.
  const tenths = [];
  for (let k = 1; k <= 10; k += 1) {
    const sample = samples[Math.min(samples.length - 1, Math.floor((samples.length * k) / 10) - 1)];
    if (sample) tenths.push(`${sample[0].toFixed(0)}s ${(sample[1] / 1024).toFixed(0)}`);
  }
  console.log(`RSS MB of the process tree over the run (every tenth): ${tenths.join(" | ")}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
