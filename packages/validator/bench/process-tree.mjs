/**
 * Runs a command and measures its process tree from /proc (Linux). Three memory figures, since
 * the CLI re-spawns itself with its V8 flags (a waiting parent and the validating child, both
 * mapping the same `node` binary):
 *
 * - `peakRssMB`: the sum of the peaks (VmHWM) of every process of the tree. The figure the
 *   memory targets are judged on: the issue asks for peak RSS, and this is the largest reading
 *   of it (pages shared by two processes, the `node` binary's ~36 MB, count twice).
 * - `peakPssMB`: the peak, over samples, of the tree's proportional set size (each process's
 *   `Pss` from /proc/PID/smaps_rollup, a shared page split between the processes that map it):
 *   the memory the tree really takes from the machine. Sampled less often (smaps_rollup walks
 *   the page tables), so it can miss a short spike.
 * - `ownPeaksMB`: each process's own VmHWM, in the order they started (the parent first); the
 *   largest is what `/usr/bin/time -v` prints as "Maximum resident set size" for the tree.
 *
 * CPU time of the tree comes from /usr/bin/time. With `timeline`, the tree's current RSS (VmRSS,
 * summed) is also kept at each sample, to see where a peak falls (the map, the merge, the
 * report).
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";

const kB = (text, field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(text)?.[1] ?? 0);

/**
 * @param {string[]} argv the command (run under /usr/bin/time)
 * @param {{ stdout?: "ignore" | "pipe", intervalMs?: number, env?: NodeJS.ProcessEnv,
 *   timeline?: boolean }} options
 * @returns {Promise<{ code: number | null, wallMs: number, cpuMs: number, peakRssMB: number,
 *   peakPssMB: number, ownPeaksMB: number[], processes: number, stdout: string,
 *   stderr: string, timeline: Array<[ms: number, rssMB: number]> }>}
 */
export async function measureTree(
  argv,
  { stdout = "ignore", intervalMs = 20, env, timeline = false } = {},
) {
  const started = performance.now();
  const child = spawn("/usr/bin/time", ["-f", "%U %S", ...argv], {
    stdio: ["ignore", stdout, "pipe"],
    ...(env ? { env } : {}),
  });
  let err = "";
  let out = "";
  child.stderr.on("data", (d) => {
    err += d;
  });
  child.stdout?.on("data", (d) => {
    out += d;
  });
  /** VmHWM (kB) by pid, in the order the processes were first seen. */
  const peaks = new Map();
  let peakPss = 0;
  let samples = 0;
  /** [ms since the start, the tree's current RSS in MB], at each sample (with `timeline`). */
  const rssOverTime = [];
  const sample = () => {
    const pending = [child.pid];
    const withPss = samples++ % 5 === 0;
    let pss = 0;
    let rss = 0;
    while (pending.length) {
      const pid = pending.shift();
      try {
        const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim();
        if (kids) pending.push(...kids.split(" ").map(Number));
        // /usr/bin/time's own small RSS is not the CLI's.
        if (pid === child.pid) continue;
        const status = readFileSync(`/proc/${pid}/status`, "utf8");
        peaks.set(pid, Math.max(peaks.get(pid) ?? 0, kB(status, "VmHWM")));
        if (timeline) rss += kB(status, "VmRSS");
        if (withPss) pss += kB(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"), "Pss");
      } catch {
        // The process ended between two reads.
      }
    }
    if (withPss) peakPss = Math.max(peakPss, pss);
    if (timeline) rssOverTime.push([performance.now() - started, rss / 1024]);
  };
  const timer = setInterval(sample, intervalMs);
  const code = await new Promise((resolve) => child.once("exit", resolve));
  clearInterval(timer);
  const wallMs = performance.now() - started;
  const lines = err.trimEnd().split("\n");
  const [user, system] = (lines.pop() ?? "").split(" ").map(Number);
  const peakRss = [...peaks.values()].reduce((a, b) => a + b, 0);
  return {
    code,
    wallMs,
    cpuMs: ((user ?? Number.NaN) + (system ?? Number.NaN)) * 1000,
    peakRssMB: peakRss / 1024,
    peakPssMB: peakPss / 1024,
    ownPeaksMB: [...peaks.values()].map((kb) => kb / 1024),
    processes: peaks.size,
    stdout: out,
    stderr: lines.join("\n"),
    timeline: rssOverTime,
  };
}
