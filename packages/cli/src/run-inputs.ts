import { rm, stat } from "node:fs/promises";
import type { Readable } from "node:stream";
import {
  type Finding,
  type ValidateOptions,
  type ValidationRun,
  type ValidationSummary,
  validateCsvTables,
  validateStream,
} from "@parley/validator";
import { isGzipFile, validateFileStream } from "@parley/validator/node";
import { makeScratchDirectory, removeOnExit } from "./atomic-output";
import { estimatedInMemoryMb, validateBounded } from "./bounded-validation";
import { describeFsError } from "./errors";
import { FindingSpool, type SortedFindings } from "./finding-spool";
import {
  guardReads,
  InputReadError,
  type InputSpec,
  isTablesDirectory,
  openFile,
  readCsvTablesDirectory,
  STDIN_NAME,
  spooledStdin,
} from "./inputs";
import { type EngineOptions, engineOptions, type ValidateSettings } from "./validate-settings";
import type { FileTask, MainMessage, WorkerMessage } from "./worker";

export type InputOutcome =
  | {
      kind: "validated";
      /** The input's findings, in report order when read back (bounded memory: see FindingSpool). */
      findings: SortedFindings;
      summary: ValidationSummary;
      /** Where the input's bytes can be read again for code frames (a temp copy for stdin). */
      sourcePath?: string;
      dispose?: () => Promise<void>;
    }
  | { kind: "unreadable"; name: string; message: string; dispose?: undefined };

export interface RunHooks {
  /** Keep a copy of stdin for code frames. */
  keepStdin: boolean;
  /** Called once before reading, with the total bytes of the inputs when known (for the bar). */
  onStart(totalBytes: number | undefined): void;
  onProgress(input: number, bytes: number, records: number): void;
}

/**
 * Validates every input and returns one outcome per input, in the order given. An input that
 * cannot be read becomes an "unreadable" outcome (exit code 3) and the others are still
 * validated: one missing file must not hide the findings of the rest.
 *
 * The validator gets no caps: it returns every finding, the CLI sorts them by position and caps
 * them. Capping inside the validator would keep different findings depending on how a file was
 * split across workers, and `--jobs 2` must print exactly what `--jobs 1` prints.
 */
export async function validateInputs(
  settings: ValidateSettings,
  stdin: Readable,
  hooks: RunHooks,
): Promise<InputOutcome[]> {
  hooks.onStart(await knownTotalBytes(settings));
  const bounded = await inputsOverBudget(settings);
  if (bounded.length === 0) return validateInMemory(settings, stdin, hooks);
  const outcomes: InputOutcome[] = new Array(settings.inputs.length);
  const done = await validateBounded(bounded, settings, hooks);
  for (const [k, { index }] of bounded.entries()) outcomes[index] = done[k] as InputOutcome;
  const boundedIndices = new Set(bounded.map(({ index }) => index));
  const others = settings.inputs
    .map((spec, index) => ({ spec, index }))
    .filter(({ index }) => !boundedIndices.has(index));
  if (others.length === 0) return outcomes;
  let inMemory: InputOutcome[];
  try {
    inMemory = await validateInMemory({ ...settings, inputs: others.map((o) => o.spec) }, stdin, {
      ...hooks,
      onProgress: (i, b, r) => hooks.onProgress(others[i]?.index ?? i, b, r),
    });
  } catch (error) {
    // The bounded inputs' findings wait in spools on disk: remove them too.
    await Promise.all(done.map((outcome) => outcome.dispose?.()));
    throw error;
  }
  for (const [k, { index }] of others.entries()) outcomes[index] = inMemory[k] as InputOutcome;
  return outcomes;
}

/** Validates `settings.inputs` in memory: one after another on this thread, or in workers. */
async function validateInMemory(
  settings: ValidateSettings,
  stdin: Readable,
  hooks: RunHooks,
): Promise<InputOutcome[]> {
  const options = engineOptions(settings);
  if (settings.jobs <= 1) {
    const outcomes: InputOutcome[] = [];
    for (const [index, spec] of settings.inputs.entries()) {
      outcomes.push(await validateInProcess(index, spec, options, stdin, hooks));
    }
    return outcomes;
  }
  return validateWithWorkers(settings, options, stdin, hooks);
}

/**
 * The files that would take more memory than the budget in memory (bounded-validation.ts):
 * regular files only (standard input and CSV tables stay in memory), each named once.
 */
export async function inputsOverBudget(
  settings: ValidateSettings,
): Promise<Array<{ index: number; spec: InputSpec & { path: string } }>> {
  if (!Number.isFinite(settings.memoryBudgetMb)) return [];
  const over: Array<{ index: number; spec: InputSpec & { path: string } }> = [];
  const names = settings.inputs.map((spec) => spec.name);
  for (const [index, spec] of settings.inputs.entries()) {
    if (spec.path === undefined || names.indexOf(spec.name) !== index) continue;
    if (names.lastIndexOf(spec.name) !== index) continue;
    // What cannot be read is reported by the in-memory path, as one unreadable input among others.
    const info = await stat(spec.path).catch(() => undefined);
    if (!info?.isFile() || (await checkReadable({ ...spec, path: spec.path }))) continue;
    // By its bytes, as the validator reads it: a gzip export named .ndjson holds ~5 × its size.
    const gzip = isGzipFile(spec.path);
    if (estimatedInMemoryMb(info.size, settings.jobs, gzip) > settings.memoryBudgetMb)
      over.push({ index, spec: { ...spec, path: spec.path } });
  }
  return over;
}

/** Validates one input on this thread, streaming its bytes (stdin, or any file with --jobs 1). */
async function validateInProcess(
  index: number,
  spec: InputSpec,
  plain: EngineOptions,
  stdin: Readable,
  hooks: RunHooks,
): Promise<InputOutcome> {
  const options: ValidateOptions = {
    ...plain,
    file: spec.name,
    onProgress: ({ bytes, records }) => hooks.onProgress(index, bytes, records),
  };
  let dispose: (() => Promise<void>) | undefined;
  let found: FindingSpool | undefined;
  try {
    if (spec.path !== undefined && (await isTablesDirectory(spec))) {
      const tables = await readCsvTablesDirectory(spec.path, spec.name);
      const { findings, summary } = await validateCsvTables(tables, options);
      return { kind: "validated", ...(await spooled(findings)), summary };
    }
    let chunks: AsyncIterable<Uint8Array>;
    let sourcePath: string | undefined;
    if (spec.path === undefined) {
      if (hooks.keepStdin) {
        const spool = await spooledStdin(stdin);
        chunks = spool.chunks;
        sourcePath = spool.path;
        dispose = spool.dispose;
      } else {
        chunks = guardReads(stdin, STDIN_NAME);
      }
    } else {
      const file = await openFile({ ...spec, path: spec.path }, options);
      chunks = file.chunks;
      sourcePath = spec.path;
      dispose = file.close;
    }
    const { findings, summary } = await spoolRun(validateStream(chunks, options));
    found = findings;
    const close = dispose;
    return {
      kind: "validated",
      findings,
      summary,
      sourcePath,
      dispose: async () => {
        await findings.dispose();
        await close?.();
      },
    };
  } catch (error) {
    await found?.dispose();
    await dispose?.();
    if (error instanceof InputReadError) {
      return { kind: "unreadable", name: spec.name, message: error.message };
    }
    throw error;
  }
}

/**
 * `--jobs N` with N > 1. One file: @parley/validator/node splits it (when it is uncompressed
 * NDJSON and large enough) across N worker threads. Several files: N worker threads of our own
 * take whole files from a queue, each file getting its share of the jobs. Standard input cannot
 * be split and is read on this thread meanwhile. Results keep the order of the inputs.
 */
async function validateWithWorkers(
  settings: ValidateSettings,
  plain: EngineOptions,
  stdin: Readable,
  hooks: RunHooks,
): Promise<InputOutcome[]> {
  // Findings of later parts wait here until the parts before them are done; a signal or an
  // exit removes the folder with the other temporaries.
  const scratch = await makeScratchDirectory("parley-parts-");
  const release = removeOnExit(scratch);
  try {
    return await dispatch(settings, plain, stdin, hooks, scratch);
  } finally {
    await rm(scratch, { recursive: true, force: true });
    release();
  }
}

/** Hands each input to this thread, the validator's part workers, or a pool of file workers. */
async function dispatch(
  settings: ValidateSettings,
  plain: EngineOptions,
  stdin: Readable,
  hooks: RunHooks,
  scratch: string,
): Promise<InputOutcome[]> {
  const outcomes: Array<InputOutcome | undefined> = new Array(settings.inputs.length);
  const tasks: FileTask[] = [];
  const fileOptions = { ...plain, minBytesPerJob: settings.splitThreshold };
  const pending: Promise<void>[] = [];
  for (const [index, spec] of settings.inputs.entries()) {
    // Standard input cannot be split, and CSV tables are read whole: both stay on this thread.
    if (spec.path === undefined || (await isTablesDirectory(spec))) {
      pending.push(
        validateInProcess(index, spec, plain, stdin, hooks).then((outcome) => {
          outcomes[index] = outcome;
        }),
      );
      continue;
    }
    const problem = await checkReadable({ ...spec, path: spec.path });
    if (problem) {
      outcomes[index] = { kind: "unreadable", name: spec.name, message: problem };
      continue;
    }
    tasks.push({
      index,
      path: spec.path,
      name: spec.name,
      jobs: 1,
      options: fileOptions,
      temporaryDirectory: scratch,
    });
  }
  if (tasks.length === 1) {
    const [task] = tasks as [FileTask];
    pending.push(
      (async () => {
        try {
          // The parts' findings stream into the spool as the workers find them.
          const { findings, summary } = await spoolRun(
            validateFileStream(task.path, {
              ...task.options,
              file: task.name,
              jobs: settings.jobs,
              temporaryDirectory: task.temporaryDirectory,
              onProgress: ({ bytes, records }) => hooks.onProgress(task.index, bytes, records),
            }),
          );
          outcomes[task.index] = {
            kind: "validated",
            findings,
            summary,
            sourcePath: task.path,
            dispose: () => findings.dispose(),
          };
        } catch (error) {
          outcomes[task.index] = failedRead(task, error);
        }
      })(),
    );
  } else if (tasks.length > 1) {
    const share = Math.max(1, Math.floor(settings.jobs / tasks.length));
    for (const task of tasks) task.jobs = share;
    pending.push(runPool(tasks, Math.min(settings.jobs, tasks.length), outcomes, hooks));
  }
  await Promise.all(pending);
  return outcomes as InputOutcome[];
}

/** Runs file tasks on `size` worker threads of dist/worker.js, filling `outcomes` by index. */
async function runPool(
  tasks: FileTask[],
  size: number,
  outcomes: Array<InputOutcome | undefined>,
  hooks: RunHooks,
): Promise<void> {
  const queue = [...tasks];
  // Loaded here, not with the module: a run on one thread never needs it.
  const { Worker } = await import("node:worker_threads");
  const lane = async () => {
    const worker = new Worker(new URL("./worker.js", import.meta.url));
    try {
      for (let task = queue.shift(); task; task = queue.shift()) {
        const current = task;
        const findings = new FindingSpool();
        // Batches are put away one after another (the spool writes runs in order), each
        // acknowledged once in the spool: the worker waits when two are outstanding.
        let putting: Promise<void> = Promise.resolve();
        let message: WorkerMessage;
        try {
          message = await new Promise<WorkerMessage>((resolve, reject) => {
            const stop = (error: unknown) => {
              worker.off("message", onMessage);
              worker.off("error", stop);
              reject(error);
            };
            const onMessage = (m: WorkerMessage) => {
              if (m.type === "progress") {
                hooks.onProgress(m.index, m.bytes, m.records);
                return;
              }
              if (m.type === "findings") {
                putting = putting
                  .then(() => findings.addAll(m.findings))
                  .then(() => worker.postMessage({ type: "ack" } satisfies MainMessage));
                putting.catch(stop);
                return;
              }
              worker.off("message", onMessage);
              worker.off("error", stop);
              putting.then(() => resolve(m), stop);
            };
            worker.on("message", onMessage);
            worker.once("error", stop);
            worker.postMessage({ type: "task", task: current } satisfies MainMessage);
          });
        } catch (error) {
          await findings.dispose();
          throw error;
        }
        if (message.type === "done") {
          outcomes[current.index] = {
            kind: "validated",
            findings,
            summary: message.summary,
            sourcePath: current.path,
            dispose: () => findings.dispose(),
          };
        } else if (message.type === "failed") {
          await findings.dispose();
          outcomes[current.index] = failedRead(
            current,
            Object.assign(new Error(message.message), { code: message.code }),
          );
        }
      }
    } finally {
      await worker.terminate();
    }
  };
  await Promise.all(Array.from({ length: size }, lane));
}

/** Reads a run's findings into a spool (bounded memory); the spool is removed on failure. */
async function spoolRun(
  run: ValidationRun,
): Promise<{ findings: FindingSpool; summary: ValidationSummary }> {
  const findings = new FindingSpool();
  try {
    for await (const finding of run) {
      const spilling = findings.add(finding);
      if (spilling) await spilling;
    }
    return { findings, summary: await run.summary };
  } catch (error) {
    await findings.dispose();
    throw error;
  }
}

/** Findings that arrived as one array (CSV tables, validated whole), in a spool like the rest. */
async function spooled(
  findings: readonly Finding[],
): Promise<{ findings: FindingSpool; dispose: () => Promise<void> }> {
  const spool = new FindingSpool();
  try {
    await spool.addAll(findings);
  } catch (error) {
    await spool.dispose();
    throw error;
  }
  return { findings: spool, dispose: () => spool.dispose() };
}

/** A file-system error while reading an input is an unreadable input; anything else is a bug. */
function failedRead(task: { index: number; name: string }, error: unknown): InputOutcome {
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof code === "string" && /^E[A-Z]+$/.test(code)) {
    return {
      kind: "unreadable",
      name: task.name,
      message: `cannot read '${task.name}': ${describeFsError(error)}`,
    };
  }
  throw error;
}

/** Why a file cannot be read (missing, a directory, no permission), or undefined when it can. */
async function checkReadable(spec: InputSpec & { path: string }): Promise<string | undefined> {
  try {
    const file = await openFile(spec);
    await file.close();
    return undefined;
  } catch (error) {
    if (error instanceof InputReadError) return error.message;
    throw error;
  }
}

/**
 * The bytes the progress bar will count, when they are known in advance: plain files only
 * (stdin has no size; the validator counts a gzip file's decompressed bytes).
 */
async function knownTotalBytes(settings: ValidateSettings): Promise<number | undefined> {
  let total = 0;
  for (const spec of settings.inputs) {
    if (spec.path === undefined || /\.gz$/i.test(spec.path)) return undefined;
    try {
      total += (await stat(spec.path)).size;
    } catch {
      // Unreadable: reported when it is opened; it adds nothing to read.
    }
  }
  return total;
}
