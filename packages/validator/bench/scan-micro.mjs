/**
 * The scanner against the exact path's first steps, on lines already in memory (no I/O):
 *   node bench/scan-micro.mjs FILE [passes=3] [only=parse,check,scan,scanNoWant,scanWasm]
 * Prints ns per record of each, best pass. For profiling (`node --cpu-prof`), not a target.
 */
import { readFileSync } from "node:fs";
import { importBundled } from "./bundle-sources.mjs";
import { stringsWasm } from "./wasm/strings.mjs";

const [file, passes = "3", only = "parse,check,scan,scanNoWant,scanWasm"] = process.argv.slice(2);
// Bundled unminified to one file (readable line numbers in a profile); not part of the package.
const entry = `
export { scanRecord } from "./src/fast-path.ts";
export { versionModule } from "./src/versions.ts";
export { SCANNERS } from "./src/generated/scan/scanners.gen.ts";
export { useWasmStrings } from "./src/scan-runtime.ts";
`;
const { scanRecord, versionModule, SCANNERS, useWasmStrings } = await importBundled(
  entry,
  "scan-micro",
  !!process.env.KEEP,
);
const all = readFileSync(file);
const lines = [];
for (let i = 0; ; ) {
  const j = all.indexOf(10, i);
  if (j < 0) break;
  lines.push(new Uint8Array(all.buffer, all.byteOffset + i, j - i));
  i = j + 1;
}
// The same lines in a WebAssembly memory, for the string scan in WebAssembly (strings.wat).
const wasm = await stringsWasm();
const inWasm = wasm.place(all);
const wasmLines = lines.map(
  (l) => new Uint8Array(inWasm.buffer, l.byteOffset - all.byteOffset, l.length),
);
const head = JSON.parse(new TextDecoder().decode(lines.shift()));
const mod = versionModule(head.schemaVersion);
const decoder = new TextDecoder("utf-8", { fatal: true });
const tasks = {
  parse: () => {
    let n = 0;
    for (const l of lines) if (JSON.parse(decoder.decode(l)) !== null) n++;
    return n;
  },
  check: () => {
    let n = 0;
    for (const l of lines) if (mod.checkRecord(JSON.parse(decoder.decode(l)), 64)) n++;
    return n;
  },
  scan: () => {
    let n = 0;
    for (const l of lines) if (scanRecord(mod, l, 64) !== undefined) n++;
    return n;
  },
  // The generated scanner with the rest of a string scanned in WebAssembly where the
  // JavaScript loop stops (escapes, bytes above 0x7f): bench/wasm/strings.wat.
  scanWasm: () => {
    useWasmStrings(inWasm.buffer, wasm.stringEnd);
    let n = 0;
    for (const l of wasmLines) if (scanRecord(mod, l, 64) !== undefined) n++;
    useWasmStrings(undefined, undefined);
    return n;
  },
  scanNoWant: () => {
    let n = 0;
    const scan = SCANNERS[mod.VERSION];
    for (const l of lines) if (scan(l, 64, undefined) !== undefined) n++;
    return n;
  },
};
for (const name of only.split(",")) {
  let best = Infinity;
  let ok = 0;
  for (let p = 0; p < Number(passes); p++) {
    const t = process.cpuUsage();
    ok = tasks[name]();
    const c = process.cpuUsage(t);
    best = Math.min(best, ((c.user + c.system) * 1000) / lines.length);
  }
  console.log(
    `${name.padEnd(12)} ${best.toFixed(0).padStart(6)} ns/record  (${ok}/${lines.length} accepted)`,
  );
}
