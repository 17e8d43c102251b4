/**
 * One measurement in its own process, so that peak RSS is this task's alone:
 *   node bench/measure.mjs rows <file>                 the baseline: read, JSON.parse, table rows
 *   node bench/measure.mjs export <sqlite|duckdb|parquet> <file> <out>
 * Prints one JSON line: wall milliseconds, peak RSS (bytes), exit code.
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { recordTableRows } from "@parley/sdk";
import { run } from "../dist/index.js";

const [mode, ...rest] = process.argv.slice(2);
const sink = { write: () => true };
const start = performance.now();
let code = 0;
let rows = 0;
if (mode === "rows") {
  // What every export does before a database sees a row: the same line reader and row builder.
  const lines = createInterface({ input: createReadStream(rest[0], { encoding: "utf8" }) });
  for await (const line of lines) {
    if (line === "") continue;
    const value = JSON.parse(line);
    if (value.type === "dataset") continue;
    recordTableRows(value, () => {
      rows += 1;
    });
  }
} else {
  const [target, file, out] = rest;
  code = await run(["export", "--to", target, file, "-o", out], {
    stdout: sink,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
  });
}
const ms = performance.now() - start;
console.log(JSON.stringify({ ms, rss: process.resourceUsage().maxRSS * 1024, code, rows }));
