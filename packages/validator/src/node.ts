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
import type { DatasetRulesState } from "./dataset/merge-state";
import { type PartOptions, Run } from "./engine";
import { fileChunks, headerVersion, isSplittable } from "./file-reading";
import {
  compareFindings,
  type Finding,
  type RuleCount,
  type Severity,
  type ValidationSummary,
} from "./finding";
import { FindingCaps } from "./findings-collector";
import { HeldFindings } from "./held-findings";
import type { ValidateOptions, ValidationResult, ValidationRun } from "./options";
import { fileLocator } from "./record-locator";
import { validate, validateStream } from "./validate";

export { fileChunks, headerVersion, isSplittable, rangeChunksInOneBuffer } from "./file-reading";
export { FindingBatches } from "./finding-batches";

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

/** What a part's worker settles besides its findings: totals, line count, ids and pending checks. */
export interface PartOutcome {
  summary: ValidationSummary;
  linesRead: number;
  invalid: number[];
  state: DatasetRulesState;
}

/**
 * What a worker sends while validating a part: its findings in batches as they come (each
 * batch acknowledged by the coordinator with `{ kind: "ack" }`, so a worker never runs far
 * ahead of a coordinator that writes them to disk), then its outcome.
 */
export type PartMessage =
  | { kind: "findings"; findings: Finding[] }
  | ({ kind: "done" } & PartOutcome)
  | { kind: "failed"; error: string };

/** What the coordinator sends a worker: a part to validate, or the acknowledgement of a batch. */
export type CoordinatorMessage = { kind: "part"; request: PartRequest } | { kind: "ack" };

/** A part's whole result: its findings (all of them, in one array) and its outcome. */
export type PartResult =
  | ({ ok: true; findings: Finding[] } & PartOutcome)
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

/** What the coordinator does with what the workers send (each call is awaited before the ack). */
interface PartHandler {
  findings(part: number, batch: Finding[]): Promise<void>;
  done(part: number, outcome: PartOutcome): Promise<void>;
}

/**
 * Runs part requests on `threads` worker threads, each taking the next part when it is done
 * with one (parts of a file differ in cost: events weigh more than persons). Workers are
 * reused across parts, so their compiled code stays warm. The handler's calls are made one at
 * a time, in the order the messages came; a batch is acknowledged once its call is done. On
 * the first failure every worker is stopped.
 */
async function runParts(
  requests: PartRequest[],
  threads: number,
  handler: PartHandler,
): Promise<void> {
  let next = 0;
  let failed = false;
  let cause: { error: unknown } | undefined;
  const workers: Worker[] = [];
  // One call at a time: the handler orders findings across parts and must not interleave.
  let chain: Promise<void> = Promise.resolve();
  const serial = (call: () => Promise<void>): Promise<void> => {
    const run = chain.then(call);
    chain = run.catch(() => {});
    return run;
  };
  const lane = async (): Promise<void> => {
    const worker = new Worker(workerUrl(), { resourceLimits: WORKER_HEAP_LIMITS });
    workers.push(worker);
    try {
      while (next < requests.length && !failed) {
        const k = next++;
        await new Promise<void>((resolve, reject) => {
          const stop = (error: unknown) => {
            worker.off("message", onMessage);
            worker.off("error", stop);
            worker.off("exit", onExit);
            reject(error);
          };
          const onExit = (code: number) =>
            stop(new Error(`validation worker stopped (exit code ${code})`));
          const onMessage = (message: PartMessage) => {
            if (message.kind === "findings") {
              serial(() => handler.findings(k, message.findings)).then(
                () => worker.postMessage({ kind: "ack" } satisfies CoordinatorMessage),
                stop,
              );
              return;
            }
            worker.off("message", onMessage);
            worker.off("error", stop);
            worker.off("exit", onExit);
            if (message.kind === "failed")
              reject(new Error(`validation worker failed: ${message.error}`));
            else {
              const { kind: _kind, ...outcome } = message;
              serial(() => handler.done(k, outcome)).then(resolve, reject);
            }
          };
          worker.on("message", onMessage);
          worker.once("error", stop);
          worker.once("exit", onExit);
          worker.postMessage({ kind: "part", request: requests[k] } as CoordinatorMessage);
        });
      }
    } catch (error) {
      // The first failure is the cause. Stopping the other workers makes them fail too
      // ("worker stopped"), possibly before this lane settles: report the cause, not those.
      cause ??= { error };
      failed = true;
      for (const other of workers) void other.terminate();
    } finally {
      await worker.terminate();
    }
  };
  await Promise.all(Array.from({ length: Math.min(threads, requests.length) }, lane));
  if (cause) throw cause.error;
}

/** The part requests for a file cut into `parts` ranges at line boundaries. */
function partRequests(path: string, parts: number, options: ValidateOptions): PartRequest[] {
  const version = headerVersion(path);
  // Functions do not cross thread boundaries; caps are applied again after merging.
  const { onProgress: _p, signal: _s, ...plain } = options;
  const workerOptions: ValidateOptions = { ...plain, format: "ndjson" };
  return planRanges(path, parts).map((range, k) => ({
    path,
    start: range.start,
    end: range.end,
    options: workerOptions,
    part: { baseOffset: range.start, continuation: k > 0, version, logLocalUses: k > 0 },
  }));
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
  const requests = partRequests(path, threads * partsPerThread, options);
  const results: Array<Extract<PartResult, { ok: true }>> = requests.map(() => ({
    ok: true,
    findings: [],
    summary: undefined as unknown as ValidationSummary,
    linesRead: 0,
    invalid: [],
    state: undefined as unknown as DatasetRulesState,
  }));
  await runParts(requests, threads, {
    findings: async (k, batch) => {
      const held = (results[k] as (typeof results)[number]).findings;
      for (const finding of batch) held.push(finding);
    },
    done: async (k, outcome) => {
      Object.assign(results[k] as (typeof results)[number], outcome);
    },
  });
  return mergeParts(results, options, path);
}

/** Merges part results (in input order) into one result, as if one thread had read the file. */
export function mergeParts(
  results: Array<Extract<PartResult, { ok: true }>>,
  options: ValidateOptions,
  /** The file the parts came from: lets the merger re-read records to position its findings. */
  path?: string,
): ValidationResult {
  const all: Finding[] = [];
  const shifts = partShifts(results);
  for (const [k, result] of results.entries())
    for (const f of result.findings) all.push(shiftFinding(f, shifts[k] as PartShift));
  const settled = settleParts(results, options, path);
  for (const f of settled.crossPart) all.push(f);
  // Stable order whatever the timing of the workers: by position in the file.
  all.sort(compareFindings);
  // The same caps as one thread applies, over the merged findings in file order.
  const caps = new FindingCaps(options.maxFindings, options.maxFindingsPerRule);
  const findings: Finding[] = [];
  for (const f of all) {
    if (!caps.admit(f.ruleId)) continue;
    (settled.byRule[f.ruleId] as RuleCount).reported++;
    findings.push(f);
  }
  return { findings, summary: settledSummary(settled, options, findings.length, caps) };
}

/** How much a part's positions move: the lines and records of the parts before it. */
interface PartShift {
  lines: number;
  records: number;
}

function partShifts(outcomes: readonly PartOutcome[]): PartShift[] {
  const shifts: PartShift[] = [];
  let lines = 0;
  let records = 0;
  for (const outcome of outcomes) {
    shifts.push({ lines, records });
    lines += outcome.linesRead;
    records += outcome.summary.records;
  }
  return shifts;
}

/** A part's finding at its place in the whole file (byte offsets are the file's already). */
function shiftFinding(f: Finding, shift: PartShift): Finding {
  return {
    ...f,
    line: f.line + shift.lines,
    recordIndex: f.recordIndex === null ? null : f.recordIndex + shift.records,
  };
}

/** What settling the parts gives: the cross-part findings and the file's totals. */
interface SettledParts {
  crossPart: Finding[];
  counts: Record<Severity, number>;
  byRule: Record<string, RuleCount>;
  recordsByType: Record<string, number>;
  records: number;
  bytes: number;
  invalidRecords: number;
  first: ValidationSummary | undefined;
  aborted: boolean;
}

/**
 * Settles what no part could settle alone (duplicates and references across parts) and adds
 * up the parts' totals. The merger is a run that reads nothing: it re-reads from the file only
 * the records it reports on, to position its findings exactly.
 */
function settleParts(
  outcomes: readonly PartOutcome[],
  options: ValidateOptions,
  path: string | undefined,
): SettledParts {
  const merger = new Run({ ...options, maxFindings: undefined, maxFindingsPerRule: undefined });
  const locator = path ? fileLocator(path, merger.limits) : undefined;
  merger.datasetRules.locator = locator;
  try {
    return settleWith(merger, outcomes);
  } finally {
    locator?.close();
  }
}

function settleWith(merger: Run, outcomes: readonly PartOutcome[]): SettledParts {
  merger.useVersion(outcomes[0]?.summary.schemaVersion ?? null);
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
  merger.datasetRules.reserve(
    outcomes.reduce((n, r) => n + r.state.idLanes.length / 2, 0),
    outcomes.reduce((n, r) => n + r.summary.records, 0),
  );
  const shifts = partShifts(outcomes);
  for (const [k, outcome] of outcomes.entries()) {
    const shift = shifts[k] as PartShift;
    for (const [ruleId, tally] of Object.entries(outcome.summary.byRule))
      add(ruleId, tally.severity, tally.count);
    for (const [type, n] of Object.entries(outcome.summary.recordsByType))
      recordsByType[type] = (recordsByType[type] ?? 0) + n;
    merger.datasetRules.importState(outcome.state, shift.lines, shift.records);
    records += outcome.summary.records;
    bytes += outcome.summary.bytes;
  }
  merger.datasetRules.finish();
  const crossPart = [...merger.drain()];
  // The merger's own totals include what it counted without itemising (pending beyond the limit).
  for (const [ruleId, tally] of Object.entries(merger.summary().byRule))
    add(ruleId, tally.severity, tally.count);
  return {
    crossPart,
    counts,
    byRule,
    recordsByType,
    records,
    bytes,
    invalidRecords: countInvalid(outcomes, shifts, merger.findings.invalidRecordIndexes()),
    first: outcomes[0]?.summary,
    aborted: outcomes.some((r) => r.summary.aborted),
  };
}

/**
 * Records invalid in the whole file: each part's (their record ranges do not overlap) and the
 * merger's that no part already counted. Each list is ascending, so a binary search answers
 * without a set of every invalid record (half a million of them when every line is broken).
 */
function countInvalid(
  outcomes: readonly PartOutcome[],
  shifts: readonly PartShift[],
  mergerInvalid: readonly number[],
): number {
  let total = outcomes.reduce((n, outcome) => n + outcome.invalid.length, 0);
  let k = 0;
  for (const index of mergerInvalid) {
    while (k + 1 < outcomes.length && index >= (shifts[k + 1] as PartShift).records) k++;
    const local = index - (shifts[k] as PartShift).records;
    const list = (outcomes[k] as PartOutcome).invalid;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid] as number) < local) lo = mid + 1;
      else hi = mid;
    }
    if (list[lo] !== local) total++;
  }
  return total;
}

/** The file's summary from its settled parts and what the caps let through. */
function settledSummary(
  settled: SettledParts,
  options: ValidateOptions,
  reported: number,
  caps: FindingCaps,
): ValidationSummary {
  const { counts, byRule, first } = settled;
  const total = counts.error + counts.warning + counts.info;
  const rulesCapped = new Set(caps.rulesCapped);
  for (const [ruleId, tally] of Object.entries(byRule))
    if (tally.count > tally.reported && caps.ruleAtCap(ruleId)) rulesCapped.add(ruleId);
  return {
    file: options.file ?? first?.file ?? "<stdin>",
    format: "ndjson",
    compressed: false,
    schemaVersion: first?.schemaVersion ?? null,
    schemaVersionSupported: first?.schemaVersionSupported ?? false,
    records: settled.records,
    recordsByType: settled.recordsByType,
    invalidRecords: settled.invalidRecords,
    bytes: settled.bytes,
    counts,
    byRule,
    reported,
    capped: total - reported,
    totalCapReached: reported >= caps.maxFindings && total > reported,
    rulesCapped: [...rulesCapped].sort(),
    aborted: settled.aborted,
  };
}

/**
 * Validates one file and streams its findings: like `validateFile`, but the findings of a file
 * split across `jobs` worker threads are never gathered in memory. Each worker sends its
 * findings in acknowledged batches; those of the first unfinished part go straight to the
 * caller, those of later parts wait on disk (`temporaryDirectory`) until their line numbers
 * are known. The findings come part by part, then those settled across parts: not sorted.
 * Nothing is capped (the options' caps are ignored): a caller that caps sorts first, with
 * `compareFindings`, as `parley validate` does; sorted, they are those of one thread.
 */
export function validateFileStream(
  path: string,
  options: ValidateFileOptions & {
    /** Where findings waiting for an earlier part are spilled (default: the OS temp dir). */
    temporaryDirectory?: string;
  } = {},
): ValidationRun {
  const {
    jobs = 1,
    minBytesPerJob = 32 << 20,
    temporaryDirectory,
    maxFindings: _total,
    maxFindingsPerRule: _perRule,
    ...rest
  } = options;
  const base: ValidateOptions = { file: path, ...rest };
  const size = statSync(path).size;
  const parts = Math.min(jobs, Math.max(1, Math.floor(size / minBytesPerJob)));
  if (parts <= 1 || !isSplittable(path, base)) return validateStream(fileChunks(path), base);
  return pulled((emit) => streamParts(path, parts, base, emit, temporaryDirectory));
}

/** Runs the parts, emitting each finding once its position in the whole file is known. */
async function streamParts(
  path: string,
  threads: number,
  options: ValidateOptions,
  emit: (finding: Finding) => Promise<void> | undefined,
  temporaryDirectory: string | undefined,
): Promise<ValidationSummary> {
  const requests = partRequests(path, threads * PARTS_PER_THREAD, options);
  const held = requests.map(() => new HeldFindings(temporaryDirectory));
  const outcomes: Array<PartOutcome | undefined> = requests.map(() => undefined);
  /** The first part not yet done: its findings can be placed, those after it wait. */
  let current = 0;
  let shift: PartShift = { lines: 0, records: 0 };
  const emitted = new Map<string, number>();
  const pass = async (finding: Finding) => {
    emitted.set(finding.ruleId, (emitted.get(finding.ruleId) ?? 0) + 1);
    const waiting = emit(finding);
    if (waiting) await waiting;
  };
  const send = (finding: Finding) => pass(shiftFinding(finding, shift));
  try {
    await runParts(requests, threads, {
      findings: async (k, batch) => {
        if (k === current) for (const finding of batch) await send(finding);
        else await (held[k] as HeldFindings).add(batch);
      },
      done: async (k, outcome) => {
        outcomes[k] = outcome;
        while (current < requests.length && outcomes[current]) {
          const finished = outcomes[current] as PartOutcome;
          shift = {
            lines: shift.lines + finished.linesRead,
            records: shift.records + finished.summary.records,
          };
          current++;
          if (current < requests.length)
            for await (const finding of (held[current] as HeldFindings).drain())
              await send(finding);
        }
      },
    });
    const settled = settleParts(outcomes as PartOutcome[], options, path);
    for (const finding of settled.crossPart) await pass(finding);
    let reported = 0;
    for (const [ruleId, tally] of Object.entries(settled.byRule)) {
      tally.reported = emitted.get(ruleId) ?? 0;
      reported += tally.reported;
    }
    return settledSummary(settled, options, reported, new FindingCaps());
  } finally {
    await Promise.all(held.map((h) => h.dispose()));
  }
}

/**
 * A validation run (an async iterable of findings and a summary) fed by a producer that
 * pushes: `emit` returns a promise while the consumer is behind (wait for it: that bounds the
 * findings in between), and throws once the consumer has stopped iterating.
 */
function pulled(
  produce: (emit: (finding: Finding) => Promise<void> | undefined) => Promise<ValidationSummary>,
): ValidationRun {
  const HIGH_WATER = 1024;
  let buffer: Finding[] = [];
  let finished = false;
  let failure: { error: unknown } | undefined;
  let stopped = false;
  let wakeConsumer: (() => void) | undefined;
  let wakeProducer: (() => void) | undefined;
  const wake = () => {
    wakeConsumer?.();
    wakeConsumer = undefined;
  };
  const emit = (finding: Finding): Promise<void> | undefined => {
    if (stopped) throw new Error("the findings are no longer read");
    buffer.push(finding);
    wake();
    return buffer.length >= HIGH_WATER
      ? new Promise<void>((resolve) => {
          wakeProducer = resolve;
        })
      : undefined;
  };
  const summary = produce(emit);
  summary.then(
    () => {
      finished = true;
      wake();
    },
    (error: unknown) => {
      failure = { error };
      finished = true;
      wake();
    },
  );
  async function* findings(): AsyncGenerator<Finding> {
    try {
      for (;;) {
        if (buffer.length > 0) {
          const ready = buffer;
          buffer = [];
          wakeProducer?.();
          wakeProducer = undefined;
          yield* ready;
          continue;
        }
        if (failure) throw failure.error;
        if (finished) return;
        await new Promise<void>((resolve) => {
          wakeConsumer = resolve;
        });
      }
    } finally {
      stopped = true;
      wakeProducer?.();
    }
  }
  return { [Symbol.asyncIterator]: findings, summary };
}

/** A sensible default for `--jobs`: the machine's parallelism. */
export function defaultJobs(): number {
  return availableParallelism();
}
export * from "./stages";
