/**
 * One measurement, in its own process so that peak RSS is this task's alone:
 *   node bench/measure.mjs <ceiling|scan|wasm|single|single-exact|workers|split-serial|ajv|zod|cli|cli-jobs> <file> [workers]
 * Prints one JSON line: wall and CPU milliseconds, peak RSS, records, bytes, findings.
 *
 * The peers (ajv, zod) read the file exactly as the ceiling does and check each parsed record:
 * ajv 8 with the code it generates from Parley's own JSON Schema (`ajv.compile` is the same code
 * `ajv standalone` writes out), zod 4 `safeParse` with Parley's zod model. `cli` is the whole
 * `parley validate FILE` process with its default reporter, as a user runs it.
 */
import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { fileChunks, validateFile, validateInParts } from "../dist/node.js";
import { importBundled } from "./bundle-sources.mjs";

const here = dirname(fileURLToPath(import.meta.url));

const [mode, file, workers = "2"] = process.argv.slice(2);

if (mode === "calibrate") {
  // The same busy loop alone, then in N worker threads at once: the speedup the machine gives now.
  const loop =
    "let x = 0; for (let i = 0; i < 2e8; i++) x = (x + i * 7) % 1000003; require('node:worker_threads').parentPort?.postMessage(x);";
  const time = async (n) => {
    const t = performance.now();
    await Promise.all(
      Array.from(
        { length: n },
        () => new Promise((resolve) => new Worker(loop, { eval: true }).once("message", resolve)),
      ),
    );
    return performance.now() - t;
  };
  const one = await time(1);
  const many = await time(Number(workers));
  console.log(JSON.stringify({ speedup: (Number(workers) * one) / many }));
  process.exit(0);
}
const bytes = statSync(file).size;

/** The bytes of the last chunk's unfinished line followed by the next chunk. */
function joined(carry, chunk) {
  const c = new Uint8Array(carry.length + chunk.length);
  c.set(carry);
  c.set(chunk, carry.length);
  return c;
}

/**
 * The ceiling: the same 1 MiB chunk reader, a byte-level line splitter, TextDecoder, JSON.parse.
 * With `scanBytes`, each line's bytes go to it instead of being decoded and parsed.
 */
async function ceiling(check = () => true, scanBytes = undefined) {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let records = 0;
  let invalid = 0;
  let carry = null;
  for await (const chunk of fileChunks(file)) {
    let c = chunk;
    if (carry) c = joined(carry, chunk);
    let i = 0;
    for (;;) {
      const j = c.indexOf(10, i);
      if (j < 0) break;
      const line = c.subarray(i, j);
      if (!(scanBytes ? scanBytes(line) : check(JSON.parse(decoder.decode(line))))) invalid++;
      records++;
      i = j + 1;
    }
    carry = c.slice(i);
  }
  if (carry?.length) {
    if (!(scanBytes ? scanBytes(carry) : check(JSON.parse(decoder.decode(carry))))) invalid++;
    records++;
  }
  return { records, findings: invalid };
}

/** ajv 8 (JSON Schema 2020-12 + formats) compiled from the record schema of the file's version. */
async function ajvCheck() {
  const require = createRequire(import.meta.url);
  const Ajv2020 = require("ajv/dist/2020").default;
  const addFormats = require("ajv-formats").default;
  const schemaDir = join(dirname(require.resolve("@parley/schema/package.json")), "json-schema");
  const ajv = new Ajv2020({ strict: false, allErrors: false });
  addFormats(ajv);
  const validateRecord = ajv.compile(
    JSON.parse(readFileSync(join(schemaDir, versionOf(file), "record.schema.json"), "utf8")),
  );
  return (record) => record.type === "dataset" || validateRecord(record);
}

/** zod 4 safeParse with Parley's model (the newest version: what @parley/schema builds). */
async function zodCheck() {
  const { ParleyRecord } = await import("@parley/schema");
  return (record) => record.type === "dataset" || ParleyRecord.safeParse(record).success;
}

/** The version the file's header declares (the bench generator writes one). */
function versionOf(path) {
  const head = Buffer.alloc(4096);
  const fd = openSync(path, "r");
  const n = readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  const declared = /"schemaVersion"\s*:\s*"(\d+\.\d+)"/.exec(head.subarray(0, n).toString());
  if (!declared) throw new Error(`${path}: no schemaVersion in its first 4 KB`);
  return declared[1];
}

/**
 * `parley validate FILE` as a user runs it, output to nowhere. Peak RSS is the sum of the peaks
 * of the process tree (the CLI re-spawns itself with its V8 flags: the waiting parent counts),
 * sampled from /proc every 20 ms; CPU time is the tree's, from /usr/bin/time.
 */
async function cli(extra) {
  const bin = join(here, "..", "..", "cli", "dist", "bin.js");
  const child = spawn(
    "/usr/bin/time",
    ["-f", "%U %S", process.execPath, bin, "validate", file, ...extra],
    {
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  const peaks = new Map();
  const sample = () => {
    const pending = [child.pid];
    while (pending.length) {
      const pid = pending.pop();
      try {
        const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
        if (hwm) peaks.set(pid, Math.max(peaks.get(pid) ?? 0, Number(hwm)));
        const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim();
        if (kids) pending.push(...kids.split(" ").map(Number));
      } catch {}
    }
  };
  const timer = setInterval(sample, 20);
  const code = await new Promise((resolve) => child.once("exit", resolve));
  clearInterval(timer);
  // /usr/bin/time's own small RSS is not the CLI's: leave its pid out.
  peaks.delete(child.pid);
  const [user, system] = stderr.trim().split("\n").pop().split(" ").map(Number);
  return {
    records: Number.NaN,
    findings: code,
    cpuMs: (user + system) * 1000,
    maxRssMB: [...peaks.values()].reduce((a, b) => a + b, 0) / 1024,
  };
}

/**
 * The byte-level scanner alone (the fast path without the dataset rules), on the ceiling's
 * reader: each line's bytes are scanned instead of decoded and parsed. It is internal to the
 * validator, so it is loaded from its TypeScript source (before the clock starts).
 */
async function scanCheck() {
  // Bundled to plain JavaScript first (esbuild, as the package's own build does), so that no
  // TypeScript loader thread runs beside the clock.
  const { scanRecord, versionModule } = await importBundled(
    'export { scanRecord } from "./src/fast-path.ts"; export { versionModule } from "./src/versions.ts";',
    "scan-measure",
  );
  const mod = versionModule(versionOf(file));
  let header = true;
  return (bytes) => {
    if (header) {
      header = false;
      return true;
    }
    return scanRecord(mod, bytes, 64) !== undefined;
  };
}
const scanner = mode === "scan" ? await scanCheck() : undefined;

/**
 * The WebAssembly structural scanner (bench/wasm/structural.wat) on the ceiling's reader: each
 * chunk's complete lines are copied into its memory and checked there (line split, JSON
 * grammar, UTF-8; no schema, no dataset rules). Compiled before the clock starts.
 */
async function wasmScanner() {
  const { structuralScanner } = await import("./wasm/structural.mjs");
  const scan = await structuralScanner(64);
  return async () => {
    let records = 0;
    let broken = 0;
    let carry = null;
    for await (const chunk of fileChunks(file)) {
      let c = chunk;
      if (carry) c = joined(carry, chunk);
      const last = c.lastIndexOf(10);
      if (last < 0) {
        carry = c.slice();
        continue;
      }
      const r = scan.check(c.subarray(0, last + 1));
      records += r.lines;
      broken += r.lines - r.wellFormed;
      carry = c.slice(last + 1);
    }
    if (carry?.length) {
      const r = scan.check(carry);
      records += r.lines;
      broken += r.lines - r.wellFormed;
    }
    return { records, findings: broken };
  };
}
const wasm = mode === "wasm" ? await wasmScanner() : undefined;

const wall0 = performance.now();
const cpu0 = process.cpuUsage();
let result;
if (mode === "ceiling") result = await ceiling();
else if (mode === "ajv") result = await ceiling(await ajvCheck());
else if (mode === "zod") result = await ceiling(await zodCheck());
else if (mode === "scan") result = await ceiling(undefined, scanner);
else if (mode === "wasm") result = await wasm();
else if (mode === "cli") result = await cli([]);
else if (mode === "cli-jobs") result = await cli(["--jobs", workers]);
else if (mode === "single" || mode === "single-exact") {
  // single: the default (byte-level fast path); single-exact: every record through JSON.parse.
  const r = await validateFile(file, {
    jobs: 1,
    maxFindingsPerRule: 1000,
    fastPath: mode === "single",
  });
  result = {
    records: r.summary.records + 1,
    findings: r.summary.counts.error + r.summary.counts.warning + r.summary.counts.info,
  };
} else if (mode === "split-serial") {
  // The parts of a `workers`-way split, one after the other on this thread, and their merge:
  // what splitting costs in work, whatever the cores free.
  const r = await validateInParts(file, 1, { file, maxFindingsPerRule: 1000 }, Number(workers));
  result = {
    records: r.summary.records + 1,
    findings: r.summary.counts.error + r.summary.counts.warning + r.summary.counts.info,
  };
} else {
  const r = await validateInParts(file, Number(workers), { file, maxFindingsPerRule: 1000 });
  result = {
    records: r.summary.records + 1,
    findings: r.summary.counts.error + r.summary.counts.warning + r.summary.counts.info,
  };
}
const cpu = process.cpuUsage(cpu0);
const wallMs = performance.now() - wall0;
// maxRSS covers this process and, for worker threads, the threads too (one process).
const maxRssMB = process.resourceUsage().maxRSS / 1024;
console.log(
  JSON.stringify({
    mode,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMB,
    bytes,
    ...result,
  }),
);
