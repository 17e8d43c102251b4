/**
 * One measurement, in its own process so that peak RSS is this task's alone:
 *   node bench/measure.mjs <ceiling|single|workers> <file> [workers]
 * Prints one JSON line: wall and CPU milliseconds, peak RSS, records, bytes, findings.
 */
import { statSync } from "node:fs";
import { fileChunks, validateFile, validateInParts } from "../dist/node.js";

const [mode, file, workers = "2"] = process.argv.slice(2);
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
