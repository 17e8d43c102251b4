/**
 * One measurement, in its own process so that peak RSS is this task's alone:
 *   node bench/measure.mjs <ceiling|single|workers> <file> [workers]
 * Prints one JSON line: wall and CPU milliseconds, peak RSS, records, bytes, findings.
 */
import { statSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { fileChunks, validateFile, validateInParts } from "../dist/node.js";

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

/** The ceiling: the same 4 MiB chunk reader, a byte-level line splitter, TextDecoder, JSON.parse. */
async function ceiling() {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let records = 0;
  let carry = null;
  for await (const chunk of fileChunks(file)) {
    let c = chunk;
    if (carry) {
      c = new Uint8Array(carry.length + chunk.length);
      c.set(carry);
      c.set(chunk, carry.length);
    }
    let i = 0;
    for (;;) {
      const j = c.indexOf(10, i);
      if (j < 0) break;
      JSON.parse(decoder.decode(c.subarray(i, j)));
      records++;
      i = j + 1;
    }
    carry = c.slice(i);
  }
  if (carry?.length) {
    JSON.parse(decoder.decode(carry));
    records++;
  }
  return { records, findings: 0 };
}

const wall0 = performance.now();
const cpu0 = process.cpuUsage();
let result;
if (mode === "ceiling") result = await ceiling();
else if (mode === "single") {
  const r = await validateFile(file, { jobs: 1, maxFindingsPerRule: 1000 });
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
