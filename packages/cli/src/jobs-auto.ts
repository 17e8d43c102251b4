/**
 * `--jobs auto`: as many threads as pay, which is often one. A file is split into parts of at
 * least 32 MiB (smaller, starting threads and merging costs more than it saves), and a thread
 * pays only on a core that is free: with one of two cores taken by something else, two threads
 * were slower than one (packages/validator/README.md, "`--jobs 2`"). The rule:
 *
 *   free  = cores idle now (sampled from /proc/stat over ~0.1 s; Linux), never more than
 *           cores − the 1-minute load average (which lags: a job that just started shows in
 *           the sample, one that just ended still counts in the load)
 *   jobs  = the most threads N ≤ cores and ≤ the pieces of work with free ≥ N − 0.25, if N ≥ 2;
 *           else 1
 *
 * where a piece of work is an input, or each 32 MiB of a file the validator splits (uncompressed
 * NDJSON, by its bytes: `isSplittable`). So a 2-core machine runs two threads when at least 1.75 cores are free and
 * the file is 64 MiB or more, and one thread otherwise.
 *
 * Why 1.75: one thread already keeps ~1.25 cores busy (V8's collector and compilers beside it)
 * and two threads use ~1.3 × its CPU in all, so on `free` cores two threads take ~1.3 × 1.25 /
 * free of one thread's time: 0.8 × with two free cores (measured 1.14–1.27 × faster), even at
 * ~1.6, slower below. A quarter of a core short of free is the margin.
 */
import { readFileSync, statSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import type { InputFormat } from "@parley/validator";
import { DEFAULT_MIN_BYTES_PER_JOB, isSplittable, partsForJobs } from "@parley/validator/node";

export interface Machine {
  /** Cores this process may use. */
  cores: number;
  /** Runnable processes, averaged over the last minute (os.loadavg()[0]). */
  load: number;
  /** Cores idle just now, measured (undefined where it cannot be: not Linux). */
  idle?: number;
}

export interface AutoInput {
  /** Bytes; undefined for standard input. */
  size: number | undefined;
  /** Uncompressed NDJSON, which one file's workers can split at line starts. */
  splittable: boolean;
}

export function autoJobs(
  inputs: readonly AutoInput[],
  machine: Machine,
  bytesPerJob = DEFAULT_MIN_BYTES_PER_JOB,
): number {
  const free = Math.min(machine.cores - machine.load, machine.idle ?? machine.cores);
  // Pieces of work: a splittable file gives one per bytesPerJob, any other input one.
  let pieces = 0;
  for (const input of inputs) {
    if (input.size === undefined) pieces += 1;
    else if (input.splittable)
      pieces += partsForJobs(input.size, Number.POSITIVE_INFINITY, bytesPerJob);
    else pieces += 1;
  }
  const jobs = Math.min(machine.cores, Math.floor(free + 0.25), pieces);
  return jobs >= 2 ? jobs : 1;
}

/** `autoJobs` for files on disk and this machine now (tests give a machine of their own). */
export function autoJobsForFiles(
  inputs: ReadonlyArray<{ path?: string; name: string }>,
  inputFormat: InputFormat | "auto",
  bytesPerJob = DEFAULT_MIN_BYTES_PER_JOB,
  machine: (cores: number, sampleIdle: boolean) => Machine = thisMachine,
): number {
  const described = inputs.map(({ path }) => {
    let size: number | undefined;
    try {
      size = path === undefined ? undefined : statSync(path).size;
    } catch {
      size = 0; // a missing file is reported by the run itself
    }
    // The validator's own rule (gzip by its bytes, NDJSON by name or by its first line), read
    // only for a file large enough to be cut at all.
    const large =
      size !== undefined && partsForJobs(size, Number.POSITIVE_INFINITY, bytesPerJob) >= 2;
    const splittable = large && path !== undefined && splittableFile(path, inputFormat);
    return { size, splittable };
  });
  const cores = availableParallelism();
  // Measured only when it can change the answer (a sample takes ~0.1 s): when the files would
  // take two threads or more on an idle machine.
  const worthSampling = autoJobs(described, { cores, load: 0 }, bytesPerJob) >= 2;
  return autoJobs(described, machine(cores, worthSampling), bytesPerJob);
}

/** Whether the validator would cut this file for threads; unreadable: no (the run reports it). */
function splittableFile(path: string, format: InputFormat | "auto"): boolean {
  try {
    return isSplittable(path, { format });
  } catch {
    return false;
  }
}

/** This machine now: its load average, and its idle cores sampled when asked. */
function thisMachine(cores: number, sampleIdle: boolean): Machine {
  const idle = sampleIdle ? idleCores(100, cores) : undefined;
  return { cores, load: loadavg()[0] ?? 0, ...(idle !== undefined ? { idle } : {}) };
}

/** Busy and idle CPU time of the whole machine so far (jiffies), from /proc/stat. */
function cpuTimes(): { busy: number; idle: number } | undefined {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n", 1)[0] ?? "";
    if (!line.startsWith("cpu ")) return undefined;
    // user nice system idle iowait irq softirq steal …
    const [user, nice, system, idle, iowait, irq, softirq, steal] = line
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number) as number[];
    const busy =
      (user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0);
    return { busy, idle: (idle ?? 0) + (iowait ?? 0) };
  } catch {
    return undefined;
  }
}

/**
 * Cores idle over the next `ms` milliseconds (this process sleeps meanwhile), or undefined where
 * /proc/stat cannot tell.
 */
export function idleCores(
  ms = 100,
  cores = availableParallelism(),
  /** Where the CPU times come from (tests give their own samples). */
  sample: () => { busy: number; idle: number } | undefined = cpuTimes,
): number | undefined {
  const before = sample();
  if (!before) return undefined;
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  const after = sample();
  if (!after) return undefined;
  const busy = after.busy - before.busy;
  const idle = after.idle - before.idle;
  return busy + idle > 0 ? (cores * idle) / (busy + idle) : undefined;
}
