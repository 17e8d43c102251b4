/**
 * `--jobs auto`: as many worker threads as pay, which is often one. Measured on a 2-core VM
 * (packages/validator/README.md, "Workers"): two workers gave 1.3–1.45× one thread with both
 * cores free, and were slower than one thread with one core taken by something else; a file
 * under 2 × 32 MiB is not worth splitting. So: one thread unless at least two cores are free
 * now and the inputs hold at least two pieces of work.
 */
import { statSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";

export interface Machine {
  /** Cores this process may use. */
  cores: number;
  /** Runnable processes, averaged over the last minute (os.loadavg()[0]). */
  load: number;
}

export interface AutoInput {
  /** Bytes; undefined for standard input. */
  size: number | undefined;
  /** Uncompressed NDJSON, which one file's workers can split at line starts. */
  splittable: boolean;
}

/** Default `minBytesPerJob` of @parley/validator/node: a part smaller than this is not worth a thread. */
export const DEFAULT_BYTES_PER_JOB = 32 << 20;

export function autoJobs(
  inputs: readonly AutoInput[],
  machine: Machine,
  bytesPerJob = DEFAULT_BYTES_PER_JOB,
): number {
  const free = Math.floor(machine.cores - machine.load + 0.5);
  // Pieces of work: a splittable file gives one per bytesPerJob, any other input one.
  let pieces = 0;
  for (const input of inputs) {
    if (input.size === undefined) pieces += 1;
    else if (input.splittable) pieces += Math.max(1, Math.floor(input.size / bytesPerJob));
    else pieces += 1;
  }
  const jobs = Math.min(machine.cores, free, pieces);
  return jobs >= 2 ? jobs : 1;
}

/** `autoJobs` for files on disk and this machine now. */
export function autoJobsForFiles(
  inputs: ReadonlyArray<{ path?: string; name: string }>,
  inputFormat: string,
  bytesPerJob?: number,
): number {
  const described = inputs.map(({ path, name }) => {
    let size: number | undefined;
    try {
      size = path === undefined ? undefined : statSync(path).size;
    } catch {
      size = 0; // a missing file is reported by the run itself
    }
    const lower = name.toLowerCase();
    const splittable =
      !lower.endsWith(".gz") &&
      (inputFormat === "ndjson" ||
        (inputFormat === "auto" && (lower.endsWith(".ndjson") || lower.endsWith(".jsonl"))));
    return { size, splittable };
  });
  return autoJobs(
    described,
    { cores: availableParallelism(), load: loadavg()[0] ?? 0 },
    bytesPerJob,
  );
}
