/**
 * @parley/validator/node — Node-only helpers: validate files, and validate one large NDJSON
 * file across worker threads (`parley validate --jobs N`).
 *
 * A large uncompressed NDJSON file is cut into N byte ranges at line boundaries. Each worker
 * validates its range (records, structure, the dataset rules it can settle alone) and returns
 * its findings, totals, and the ids and pending checks of its range. The coordinator merges
 * them in range order: lines and record indexes are shifted, cross-range duplicates and
 * references are settled, caps are applied to the merged list. The result does not depend on
 * which worker finishes first. JSON documents and gzip files are validated by one thread.
 */
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { recordStart } from "./dataset/finding-positions";
import type { DatasetRulesState, RecordLocator, RereadRecord } from "./dataset/merge-state";
import { type PartOptions, Run } from "./engine";
import "./native-line-checks";
import { fileChunks, headerVersion, isSplittable } from "./file-reading";
import type { Finding, RuleCount, Severity, ValidationSummary } from "./finding";
import { FindingCaps } from "./findings-collector";
import type { Limits, ValidateOptions, ValidationResult } from "./options";
import { RecordCursor } from "./record-cursor";
import { validate } from "./validate";

export { fileChunks, headerVersion, isSplittable, rangeChunksInOneBuffer } from "./file-reading";

export interface ValidateFileOptions extends Omit<ValidateOptions, "onProgress" | "signal"> {
  /** Worker threads for one large NDJSON file (default 1: the calling thread). */
  jobs?: number;
  /** Files smaller than jobs × this many bytes are not split (default 32 MiB). */
  minBytesPerJob?: number;
  onProgress?: ValidateOptions["onProgress"];
  signal?: AbortSignal;
}

/**
 * Cuts a file into at most `parts` byte ranges, each starting at the beginning of a line.
 * Lines are never split; a part may be empty when a line is longer than a part.
 */
export function planRanges(path: string, parts: number): Array<{ start: number; end: number }> {
  const size = statSync(path).size;
  const cuts = [0];
  const fd = openSync(path, "r");
  try {
    const buffer = new Uint8Array(64 * 1024);
    for (let k = 1; k < parts; k++) {
      let pos = Math.max(Math.floor((size * k) / parts), cuts[cuts.length - 1] as number);
      let cut = size;
      while (pos < size) {
        const n = readSync(fd, buffer, 0, buffer.length, pos);
        if (n <= 0) break;
        const nl = buffer.subarray(0, n).indexOf(10);
        if (nl >= 0) {
          cut = pos + nl + 1;
          break;
        }
        pos += n;
      }
      if (cut > (cuts[cuts.length - 1] as number) && cut < size) cuts.push(cut);
    }
  } finally {
    closeSync(fd);
  }
  return cuts.map((start, i) => ({
    start,
    end: i + 1 < cuts.length ? (cuts[i + 1] as number) : size,
  }));
}

/** What the coordinator sends a worker. */
export interface PartRequest {
  path: string;
  start: number;
  end: number;
  options: ValidateOptions;
  part: PartOptions;
}

/** What a worker sends back. */
export type PartResult =
  | {
      ok: true;
      findings: Finding[];
      summary: ValidationSummary;
      linesRead: number;
      invalid: number[];
      state: DatasetRulesState;
    }
  | { ok: false; error: string };

function workerUrl(): URL {
  // The worker script is built next to this module: worker.js (ESM) or worker.cjs (CJS). The
  // CJS build has no import.meta but has __filename (no shim: the shim would drag Node
  // built-ins into the isomorphic core's shared chunks).
  const here = typeof __filename === "string" ? pathToFileURL(__filename).href : import.meta.url;
  return new URL(here.endsWith(".cjs") ? "./worker.cjs" : "./worker.js", here);
}

/**
 * Each worker's heap. A worker keeps little (the ids of its range, compactly, and the findings
 * it may report); the rest is `JSON.parse` garbage that dies young. V8's default nursery (up to
 * 3 × 16 MiB semi-spaces, per thread) lets that garbage pile up in every thread before a
 * scavenge; a small nursery keeps each worker's resident memory small for little extra GC
 * time. The old generation is not capped below what large inputs may need.
 */
const WORKER_HEAP_LIMITS = { maxYoungGenerationSizeMb: 16 } as const;

/**
 * Runs part requests on `threads` worker threads, each taking the next part when it is done
 * with one (parts of a file differ in cost: events weigh more than persons). Workers are
 * reused across parts, so their compiled code stays warm. Results come back in request order.
 */
async function runParts(
  requests: PartRequest[],
  threads: number,
): Promise<Array<Extract<PartResult, { ok: true }>>> {
  const results: Array<Extract<PartResult, { ok: true }>> = new Array(requests.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    const worker = new Worker(workerUrl(), { resourceLimits: WORKER_HEAP_LIMITS });
    try {
      while (next < requests.length) {
        const k = next++;
        results[k] = await new Promise((resolve, reject) => {
          const onError = (error: Error) => reject(error);
          worker.once("error", onError);
          worker.once("message", (result: PartResult) => {
            worker.off("error", onError);
            if (result.ok) resolve(result);
            else reject(new Error(`validation worker failed: ${result.error}`));
          });
          worker.postMessage(requests[k]);
        });
      }
    } finally {
      await worker.terminate();
    }
  };
  await Promise.all(Array.from({ length: Math.min(threads, requests.length) }, lane));
  return results;
}

/**
 * Validates one file. With `jobs > 1` a large uncompressed NDJSON file is validated by that
 * many worker threads; the findings are the same as with one thread (order: by position).
 */
export async function validateFile(
  path: string,
  options: ValidateFileOptions = {},
): Promise<ValidationResult> {
  const { jobs = 1, minBytesPerJob = 32 << 20, ...rest } = options;
  const base: ValidateOptions = { file: path, ...rest };
  const size = statSync(path).size;
  const parts = Math.min(jobs, Math.max(1, Math.floor(size / minBytesPerJob)));
  if (parts <= 1 || !isSplittable(path, base)) return validate(fileChunks(path), base);
  return validateInParts(path, parts, base);
}

/** Validates several files with up to `jobs` worker threads in total; results in the order of `paths`. */
export async function validateFiles(
  paths: string[],
  options: ValidateFileOptions = {},
): Promise<ValidationResult[]> {
  const jobs = Math.max(1, options.jobs ?? 1);
  if (jobs === 1 || paths.length === 1) {
    const out: ValidationResult[] = [];
    for (const path of paths) out.push(await validateFile(path, options));
    return out;
  }
  // Whole files spread over the pool; a file alone on the pool may still be split.
  const results: ValidationResult[] = new Array(paths.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(jobs, paths.length) }, async () => {
    while (next < paths.length) {
      const i = next++;
      results[i] = await validateFile(paths[i] as string, { ...options, jobs: 1 });
    }
  });
  await Promise.all(lanes);
  return results;
}

/**
 * One part per thread. More, smaller parts balanced uneven record costs, but every part
 * boundary defers the references that cross it to the coordinator, and each part is a new
 * run: with 4 parts per thread the 2-worker run used ~20 % more CPU and was ~15 % slower.
 */
const PARTS_PER_THREAD = 1;

/** Splits, validates the parts in `threads` workers, merges. Exported for tests and the benchmark. */
export async function validateInParts(
  path: string,
  threads: number,
  options: ValidateOptions,
  /** Parts per thread: more, smaller parts balance uneven record costs across the threads. */
  partsPerThread = PARTS_PER_THREAD,
): Promise<ValidationResult> {
  const ranges = planRanges(path, threads * partsPerThread);
  const version = headerVersion(path);
  // Functions do not cross thread boundaries; caps are applied again after merging.
  const { onProgress: _p, signal: _s, ...plain } = options;
  const workerOptions: ValidateOptions = { ...plain, format: "ndjson" };
  const results = await runParts(
    ranges.map((range, k) => ({
      path,
      start: range.start,
      end: range.end,
      options: workerOptions,
      part: { baseOffset: range.start, continuation: k > 0, version },
    })),
    threads,
  );
  return mergeParts(results, options, path);
}

/** Merges part results (in input order) into one result, as if one thread had read the file. */
export function mergeParts(
  results: Array<Extract<PartResult, { ok: true }>>,
  options: ValidateOptions,
  /** The file the parts came from: lets the merger re-read records to position its findings. */
  path?: string,
): ValidationResult {
  // The merger is a run that reads nothing: it settles cross-part dataset rules, re-reading
  // from the file only the records it reports on, to position the findings exactly.
  const merger = new Run({ ...options, maxFindings: undefined, maxFindingsPerRule: undefined });
  if (path) merger.datasetRules.locator = fileLocator(path, merger.limits);
  merger.useVersion(results[0]?.summary.schemaVersion ?? null);
  let lineOffset = 0;
  let recordOffset = 0;
  const all: Finding[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const byRule: Record<string, RuleCount> = {};
  const add = (ruleId: string, severity: Severity, n: number) => {
    counts[severity] += n;
    const tally = byRule[ruleId];
    if (tally) tally.count += n;
    else byRule[ruleId] = { severity, count: n, reported: 0 };
  };
  const recordsByType: Record<string, number> = {};
  let records = 0;
  let bytes = 0;
  const invalid = new Set<number>();
  merger.datasetRules.reserve(
    results.reduce((n, r) => n + r.state.idLanes.length / 2, 0),
    results.reduce((n, r) => n + r.summary.records, 0),
  );
  for (const result of results) {
    for (const f of result.findings) {
      all.push({
        ...f,
        line: f.line + lineOffset,
        recordIndex: f.recordIndex === null ? null : f.recordIndex + recordOffset,
      });
    }
    for (const [ruleId, tally] of Object.entries(result.summary.byRule))
      add(ruleId, tally.severity, tally.count);
    for (const [type, n] of Object.entries(result.summary.recordsByType))
      recordsByType[type] = (recordsByType[type] ?? 0) + n;
    for (const i of result.invalid) invalid.add(i + recordOffset);
    merger.datasetRules.importState(result.state, lineOffset, recordOffset);
    records += result.summary.records;
    bytes += result.summary.bytes;
    lineOffset += result.linesRead;
    recordOffset += result.summary.records;
  }
  merger.datasetRules.finish();
  for (const f of merger.drain()) all.push(f);
  // The merger's own totals include what it counted without itemising (pending beyond the limit).
  for (const [ruleId, tally] of Object.entries(merger.summary().byRule))
    add(ruleId, tally.severity, tally.count);
  for (const i of merger.findings.invalidRecordIndexes()) invalid.add(i);
  // Stable order whatever the timing of the workers: by position in the file.
  all.sort(
    (a, b) => a.offset - b.offset || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
  );
  // The same caps as one thread applies, over the merged findings in file order.
  const caps = new FindingCaps(options.maxFindings, options.maxFindingsPerRule);
  const findings: Finding[] = [];
  for (const f of all) {
    if (!caps.admit(f.ruleId)) continue;
    (byRule[f.ruleId] as RuleCount).reported++;
    findings.push(f);
  }
  const total = counts.error + counts.warning + counts.info;
  const rulesCapped = new Set(caps.rulesCapped);
  for (const [ruleId, tally] of Object.entries(byRule))
    if (tally.count > tally.reported && caps.ruleAtCap(ruleId)) rulesCapped.add(ruleId);
  const first = results[0]?.summary;
  const summary: ValidationSummary = {
    file: options.file ?? first?.file ?? "<stdin>",
    format: "ndjson",
    compressed: false,
    schemaVersion: first?.schemaVersion ?? null,
    schemaVersionSupported: first?.schemaVersionSupported ?? false,
    records,
    recordsByType,
    invalidRecords: invalid.size,
    bytes,
    counts,
    byRule,
    reported: findings.length,
    capped: total - findings.length,
    totalCapReached: findings.length >= caps.maxFindings && total > findings.length,
    rulesCapped: [...rulesCapped].sort(),
    aborted: results.some((r) => r.summary.aborted),
  };
  return { findings, summary };
}

/**
 * Re-reads one NDJSON record (the line starting at `offset`) to position a pointer in it. The
 * merger reports a record's findings one after another (deferred references come in record
 * order), so the last record read is kept: with many findings (10 % invalid records: tens of
 * thousands of dangling references across parts) reading, decoding and parsing each record
 * once, into one reused buffer, took the merge from ~1.2 s to a fraction of it.
 */
function fileLocator(path: string, limits: Limits): RecordLocator {
  const decoder = new TextDecoder();
  // A window of the file: the merger asks for records in file order (within each part), so
  // one read serves the many records after it. One read per record made the syscalls the
  // merger's main cost.
  const window = new Uint8Array(1 << 20);
  let windowStart = 0;
  let windowEnd = 0;
  let fd: number | undefined;
  let last: { offset: number; cursor: RecordCursor; record: unknown } | undefined;
  const read = (offset: number, line: number): NonNullable<typeof last> => {
    fd ??= openSync(path, "r");
    let bytes: Uint8Array | undefined;
    for (let attempt = 0; attempt < 2 && bytes === undefined; attempt++) {
      if (offset >= windowStart && offset < windowEnd) {
        const from = offset - windowStart;
        const nl = window.subarray(from, windowEnd - windowStart).indexOf(10);
        // The whole line is in the window (or the window ends at the end of the file).
        if (nl >= 0) bytes = window.subarray(from, from + nl);
        else if (windowEnd - windowStart < window.length)
          bytes = window.subarray(from, windowEnd - windowStart);
      }
      if (bytes === undefined && attempt === 0) {
        const n = readSync(fd, window, 0, window.length, offset);
        windowStart = offset;
        windowEnd = offset + Math.max(n, 0);
        if (n <= 0) bytes = new Uint8Array(0);
      }
    }
    if (bytes === undefined) {
      // A line longer than the window: read on until its end (or the record size limit).
      const parts: Uint8Array[] = [window.slice(0, windowEnd - windowStart)];
      let pos = windowEnd;
      let total = windowEnd - windowStart;
      for (;;) {
        const more = new Uint8Array(1 << 20);
        const k = readSync(fd, more, 0, more.length, pos);
        if (k <= 0) break;
        const end = more.subarray(0, k).indexOf(10);
        parts.push(more.subarray(0, end < 0 ? k : end));
        total += end < 0 ? k : end;
        if (end >= 0 || total > limits.maxRecordBytes) break;
        pos += k;
      }
      bytes = new Uint8Array(total);
      let at = 0;
      for (const p of parts) {
        bytes.set(p, at);
        at += p.length;
      }
    }
    let text = decoder.decode(bytes);
    if (text.endsWith("\r")) text = text.slice(0, -1);
    const cursor = new RecordCursor(limits);
    cursor.reset(text, { line, column: 1, offset }, 0, undefined, text.length === bytes.length);
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch {
      record = undefined;
    }
    return { offset, cursor, record };
  };
  return (offset: number, line: number): RereadRecord => {
    const start = { line, column: 1, offset };
    try {
      if (last?.offset !== offset) {
        last = undefined;
        last = read(offset, line);
      }
    } catch {
      return { at: recordStart(start) };
    }
    const { cursor, record } = last;
    // A position that cannot be found is the record's start, never a failed merge.
    return {
      record,
      at: {
        locate: (pointer) => {
          try {
            return cursor.locate(pointer);
          } catch {
            return start;
          }
        },
        locateString: (pointer, value) => {
          try {
            return cursor.locateString(pointer, value);
          } catch {
            return start;
          }
        },
      },
    };
  };
}

/** A sensible default for `--jobs`: the machine's parallelism. */
export function defaultJobs(): number {
  return availableParallelism();
}
export * from "./stages";
