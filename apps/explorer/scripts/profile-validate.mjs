// Profiles the Validate view's worker in Chromium against the same library call in Node, on one
// file (issue #12, item 6). Not a test: a tool for finding where the browser's time goes.
//
//   node scripts/profile-validate.mjs FILE.ndjson [--out DIR] [--dist DIR]
//
// Chromium: a trace with V8's sampling profiler on (category disabled-by-default-v8.cpu_profiler),
// turned into one .cpuprofile per thread that ran JavaScript (open them in Chrome DevTools), plus
// the renderer's process CPU time from CDP SystemInfo.getProcessInfo. Node: `node --cpu-prof` of
// validateFile on one thread. Both print their top self-time functions. `--dist` serves another
// build, e.g. one made with `npx vite build --minify false --outDir /tmp/explorer-plain` so that
// function names are readable.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";
import { serve } from "./serve.mjs";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { out: { type: "string", default: "/tmp/parley-profile" }, dist: { type: "string" } },
});
const file = resolve(positionals[0] ?? "");
const out = resolve(values.out);
mkdirSync(out, { recursive: true });
const repoRoot = resolve(import.meta.dirname, "../../..");
/** The Validate view lists this many findings (src/worker/protocol.ts); Node gets the same cap. */
const MAX_LISTED_FINDINGS = 5000;

/** Self time per function (ms), from a .cpuprofile. */
function topSelf(profile, n = 25) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  const deltas = profile.timeDeltas;
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = (deltas[i + 1] ?? deltas[i] ?? 0) / 1000;
    const frame = byId.get(id)?.callFrame;
    const key = frame
      ? `${frame.functionName || "(anonymous)"} ${frame.url.split("/").pop()}:${frame.lineNumber + 1}`
      : "?";
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
  const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, n);
  return { total, rows };
}

function printTop(title, profile) {
  const { total, rows } = topSelf(profile);
  console.log(`\n${title}: ${Math.round(total)} ms sampled`);
  for (const [name, ms] of rows)
    console.log(
      `${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / total).toFixed(1).padStart(5)} %  ${name}`,
    );
}

/** One .cpuprofile per thread from the trace's Profile/ProfileChunk events. */
function profilesFromTrace(events) {
  const threads = new Map();
  for (const e of events) {
    if (e.name !== "Profile" && e.name !== "ProfileChunk") continue;
    const key = `${e.pid}:${e.tid}:${e.id}`;
    let p = threads.get(key);
    if (!p) {
      p = {
        nodes: [],
        samples: [],
        timeDeltas: [],
        startTime: 0,
        endTime: 0,
        pid: e.pid,
        tid: e.tid,
      };
      threads.set(key, p);
    }
    const data = e.args?.data ?? {};
    if (e.name === "Profile") p.startTime = data.startTime ?? e.ts;
    for (const node of data.cpuProfile?.nodes ?? [])
      p.nodes.push({
        id: node.id,
        callFrame: { url: "", lineNumber: -1, columnNumber: -1, scriptId: 0, ...node.callFrame },
        parent: node.parent,
        children: [],
      });
    p.samples.push(...(data.cpuProfile?.samples ?? []));
    p.timeDeltas.push(...(data.timeDeltas ?? []));
  }
  const names = new Map();
  for (const e of events)
    if (e.ph === "M" && e.name === "thread_name")
      names.set(`${e.pid}:${e.tid}`, e.args?.name ?? "");
  const result = [];
  for (const p of threads.values()) {
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    for (const n of p.nodes) if (n.parent !== undefined) byId.get(n.parent)?.children.push(n.id);
    for (const n of p.nodes) delete n.parent;
    p.endTime = p.startTime + p.timeDeltas.reduce((a, b) => a + b, 0);
    result.push({ thread: names.get(`${p.pid}:${p.tid}`) ?? `${p.tid}`, profile: p });
  }
  return result;
}

async function chromiumRun() {
  const dist = values.dist ? resolve(values.dist) : undefined;
  const server = await serve({ port: 0, ...(dist ? { dir: dist } : {}) });
  const browser = await chromium.launch({
    executablePath: process.env.PARLEY_CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  try {
    const page = await (await browser.newContext()).newPage();
    const cdp = await browser.newBrowserCDPSession();
    await page.goto(`${server.url}#/validate`);
    await page.locator("#file-input").waitFor();
    const rendererCpu = async () => {
      const { processInfo } = await cdp.send("SystemInfo.getProcessInfo");
      return processInfo.filter((p) => p.type === "renderer").reduce((s, p) => s + p.cpuTime, 0);
    };
    await browser.startTracing(page, {
      categories: [
        "disabled-by-default-v8.cpu_profiler",
        "toplevel",
        "v8",
        "blink",
        "__metadata",
        "disabled-by-default-v8.gc",
      ],
    });
    const cpu0 = await rendererCpu();
    const t0 = Date.now();
    await page.setInputFiles("#file-input", file);
    const verdict = page.locator("[data-testid='verdict']");
    await verdict.waitFor({ timeout: 600_000 });
    const wall = Date.now() - t0;
    const cpu = (await rendererCpu()) - cpu0;
    const trace = await browser.stopTracing();
    writeFileSync(join(out, "chromium.trace.json"), trace);
    console.log(`Chromium: ${await verdict.textContent()}`);
    console.log(
      `Chromium: worker elapsed ${await verdict.getAttribute("data-elapsed-ms")} ms, page wall ${wall} ms, renderer CPU ${(cpu * 1000).toFixed(0)} ms`,
    );
    const events = JSON.parse(trace.toString("utf8")).traceEvents;
    // GC and messaging on the worker thread, from the trace's own events.
    const totals = new Map();
    for (const e of events)
      if (
        e.ph === "X" &&
        /^(MajorGC|MinorGC|V8\.GC|BlobReader|PostMessage|WorkerGlobalScope|V8\.Execute)/.test(
          e.name,
        )
      )
        totals.set(e.name, (totals.get(e.name) ?? 0) + (e.dur ?? 0) / 1000);
    console.log(
      "trace events (wall ms):",
      Object.fromEntries([...totals].map(([k, v]) => [k, Math.round(v)])),
    );
    for (const { thread, profile } of profilesFromTrace(events)) {
      if (profile.samples.length < 50) continue;
      const name = `chromium-${thread.replace(/\W+/g, "_")}-${profile.tid}.cpuprofile`;
      writeFileSync(join(out, name), JSON.stringify(profile));
      printTop(`Chromium thread ${thread} (${name})`, profile);
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

function nodeRun() {
  const dir = join(out, "node");
  mkdirSync(dir, { recursive: true });
  const script = `
    const { validateFile } = await import(${JSON.stringify(join(repoRoot, "packages/validator/dist/node.js"))});
    const c = process.cpuUsage(); const t = performance.now();
    const { summary } = await validateFile(${JSON.stringify(file)}, { jobs: 1, maxFindings: ${MAX_LISTED_FINDINGS} });
    const cpu = process.cpuUsage(c);
    console.log("Node: " + summary.records + " records, " + JSON.stringify(summary.counts) + ", wall " + Math.round(performance.now() - t) + " ms, process CPU " + Math.round((cpu.user + cpu.system) / 1000) + " ms");`;
  const run = spawnSync(
    process.execPath,
    ["--cpu-prof", `--cpu-prof-dir=${dir}`, "--input-type=module", "-e", script],
    {
      encoding: "utf8",
    },
  );
  process.stdout.write(run.stdout + run.stderr);
  const name = readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .sort()
    .pop();
  if (name)
    printTop(`Node (${join(dir, name)})`, JSON.parse(readFileSync(join(dir, name), "utf8")));
}

nodeRun();
await chromiumRun();
