/**
 * Every file or folder that `parley` writes is written here: under a temporary name beside its
 * target, renamed into place only when the command succeeded. A failure, an exception or a
 * signal (Ctrl-C, SIGTERM) removes the temporary and leaves the old target — or nothing — so
 * a user never finds half a dataset that `parley validate` would call valid, nor a table folder
 * that silently lacks tables.
 *
 * The temporary is a sibling (same folder, hence the same file system) so that the final
 * rename is atomic. Its name starts with a dot and ends in `.parley-tmp`, so globs such as
 * `*.ndjson` do not pick it up while it exists.
 */
import { once } from "node:events";
import {
  chmodSync,
  closeSync,
  createWriteStream,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  type Stats,
  statSync,
  type WriteStream,
} from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { CliError, describeFsError, UnwritableOutputError } from "./errors";

// ---------------------------------------------------------------------------------------------
// Temporaries alive in this process, removed on exit and on SIGINT / SIGTERM / SIGHUP.

const live = new Set<string>();
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

function removeLiveTemporaries(): void {
  for (const path of live) rmSync(path, { recursive: true, force: true });
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  removeLiveTemporaries();
  uninstall();
  // Die of the same signal, as the shell and a parent process expect (exit status 128 + n),
  // unless someone else also listens and decides what happens next.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

let installed = false;
function install(): void {
  if (installed) return;
  installed = true;
  for (const signal of SIGNALS) process.on(signal, onSignal);
  process.on("exit", removeLiveTemporaries);
}

/** Signal handlers exist only while a temporary does: otherwise Ctrl-C keeps its default. */
function uninstall(): void {
  if (!installed) return;
  installed = false;
  for (const signal of SIGNALS) process.off(signal, onSignal);
  process.off("exit", removeLiveTemporaries);
}

function track(path: string): void {
  live.add(path);
  install();
}

function untrack(path: string): void {
  live.delete(path);
  if (live.size === 0) uninstall();
}

/**
 * Removes a scratch path of this process (a file or folder in the system's temporary folder)
 * on exit and on SIGINT / SIGTERM / SIGHUP, as temporaries are; returns the function that
 * stops watching it (call it once it is removed).
 */
export function removeOnExit(path: string): () => void {
  track(path);
  return () => untrack(path);
}

/**
 * A new folder of this process's own under `parent` (the system's temporary folder, TMPDIR) for
 * scratch files: spooled findings, sorted runs, a copy of standard input. A temporary folder
 * that is missing, read-only or full is the user's file system, not a bug: exit 3, naming it.
 */
export async function makeScratchDirectory(prefix: string, parent = tmpdir()): Promise<string> {
  try {
    return await mkdtemp(join(parent, prefix));
  } catch (error) {
    throw scratchError(error, parent);
  }
}

/**
 * `error` as the user's to fix when the file system refused a scratch file in `folder` (an
 * errno error: missing folder, permission, no space); any other error unchanged.
 */
export function scratchError(error: unknown, folder: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (error instanceof CliError || typeof code !== "string" || !/^E[A-Z]+$/.test(code))
    return error;
  return new UnwritableOutputError(
    `cannot write temporary files in '${folder}': ${describeFsError(error)}`,
    "Set TMPDIR to a folder with room to write, or free space there (a file validated through the stages, --memory-budget, needs up to ~2.5 times its size).",
  );
}

/** The temporaries of this process that still exist (for tests). */
export function liveTemporaries(): string[] {
  return [...live];
}

// ---------------------------------------------------------------------------------------------
// Naming and describing.

let counter = 0;

/** `.name.<pid>-<n>.parley-tmp` beside the target; the name is cut so the whole stays < 255 bytes. */
function temporarySibling(target: string, role = "tmp"): string {
  counter += 1;
  const base = basename(target).slice(0, 180);
  return join(dirname(target), `.${base}.${process.pid}-${counter}.parley-${role}`);
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Says in one line why `target` cannot be written, naming the path at fault: the missing
 * folder, the file that stands where a folder should be, or the target itself.
 */
export function describeOutputError(error: unknown, target: string, name = target): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const folder = dirname(target);
  if (code === "ENOENT" || code === "ENOTDIR") {
    // Find the first part of the path that is missing or is not a folder. The walk is bounded
    // by the path's depth: no recursive mkdir under a pseudo-file-system (/proc) that spins.
    const parts: string[] = [];
    for (let p = folder; ; p = dirname(p)) {
      parts.unshift(p);
      if (dirname(p) === p) break;
    }
    for (const part of parts) {
      const stats = statOrUndefined(part);
      if (stats === undefined) return `cannot write '${name}': the folder '${part}' does not exist`;
      if (!stats.isDirectory()) return `cannot write '${name}': '${part}' is a file, not a folder`;
    }
    return `cannot write '${name}': '${folder}' does not accept new files`;
  }
  switch (code) {
    case "EACCES":
    case "EPERM":
      return `cannot write '${name}': permission denied in '${folder}'`;
    case "EROFS":
      return `cannot write '${name}': '${folder}' is on a read-only file system`;
    case "ENOSPC":
      return `cannot write '${name}': no space left on the device`;
    case "EDQUOT":
      return `cannot write '${name}': disk quota exceeded`;
    case "EISDIR":
      return `cannot write '${name}': it is a folder, not a file`;
    case "ENAMETOOLONG":
      return `cannot write '${name}': the name is too long`;
    case "EEXIST":
      return `cannot write '${name}': a file of that name appeared while writing`;
    case "EXDEV":
      return `cannot write '${name}': cannot rename across file systems`;
    default:
      return `cannot write '${name}': ${error instanceof Error ? error.message : String(error)}`;
  }
}

function outputError(error: unknown, target: string, name: string): UnwritableOutputError {
  if (error instanceof UnwritableOutputError) return error;
  return new UnwritableOutputError(describeOutputError(error, target, name));
}

// ---------------------------------------------------------------------------------------------
// One file.

/** A file being written under a temporary name; `commit` puts it in place, `abandon` removes it. */
export interface AtomicFile {
  /** The final path. */
  readonly path: string;
  /** Where the bytes go until `commit`. */
  readonly temporary: string;
  /** The underlying stream, for `pipeline()`; prefer `write`, which waits when it is full. */
  readonly stream: WriteStream;
  /** Writes a chunk, waiting for the stream to drain when its buffer is full. */
  write(chunk: string | Uint8Array): Promise<void>;
  /** Closes the temporary and renames it onto the target. */
  commit(): Promise<void>;
  /** Removes the temporary; the target is untouched. Safe to call more than once, and after commit. */
  abandon(): void;
}

/**
 * Opens a temporary sibling of `target` for writing. Fails at once, with one line naming the
 * path and the problem (exit 3), when the target cannot be written: its folder is missing or a
 * file, the target is a folder, permission is denied.
 *
 * @param name what to call the target in messages (the path as the user wrote it)
 */
export function openAtomicFile(target: string, name = target): AtomicFile {
  const existing = statOrUndefined(target);
  if (existing?.isDirectory())
    throw new UnwritableOutputError(`cannot write '${name}': it is a folder, not a file`);
  const temporary = temporarySibling(target);
  // Tracked before it exists: a signal that arrives just after the file is created still
  // finds it to remove.
  track(temporary);
  let fd: number;
  try {
    fd = openSync(temporary, "wx", existing ? existing.mode & 0o7777 : 0o666);
  } catch (error) {
    untrack(temporary);
    throw outputError(error, target, name);
  }
  if (existing) {
    try {
      // The replacement keeps the permissions of the file it replaces (umask aside).
      chmodSync(temporary, existing.mode & 0o7777);
    } catch {
      // Not ours to change (another owner): the default mode is fine.
    }
  }
  const stream = createWriteStream(temporary, { fd, autoClose: true });
  let failure: unknown;
  stream.on("error", (error) => {
    failure ??= error;
  });
  let done = false;
  const check = () => {
    if (failure !== undefined) throw outputError(failure, target, name);
  };
  const abandon = () => {
    if (!stream.destroyed) stream.destroy();
    if (!done) rmSync(temporary, { force: true });
    done = true;
    untrack(temporary);
  };
  return {
    path: target,
    temporary,
    stream,
    async write(chunk) {
      check();
      if (!stream.write(chunk)) {
        // The listener that loses the race is removed: one per full buffer would pile up
        // (MaxListenersExceededWarning on an import of long speeches).
        const settled = new AbortController();
        try {
          await Promise.race([
            once(stream, "drain", { signal: settled.signal }),
            once(stream, "close", { signal: settled.signal }).then(() => check()),
          ]);
        } finally {
          settled.abort();
        }
      }
      check();
    },
    async commit() {
      check();
      if (done) throw new Error(`atomic output ${target} was already committed or abandoned`);
      await new Promise<void>((resolve) => {
        stream.end(() => resolve());
        stream.once("error", () => resolve());
      });
      if (!stream.closed) await once(stream, "close").catch(() => undefined);
      try {
        check();
        renameSync(temporary, target);
      } catch (error) {
        abandon();
        throw outputError(error, target, name);
      }
      done = true;
      untrack(temporary);
    },
    abandon,
  };
}

/**
 * Runs `body` with an open atomic file; commits when it resolves, abandons when it throws (and
 * rethrows). The usual way to write a file.
 */
export async function withAtomicFile<T>(
  target: string,
  name: string,
  body: (file: AtomicFile) => Promise<T>,
): Promise<T> {
  const file = openAtomicFile(target, name);
  try {
    const result = await body(file);
    await file.commit();
    return result;
  } catch (error) {
    file.abandon();
    throw error;
  }
}

/** Writes a whole text (or bytes) to `target` atomically. */
export async function writeFileAtomic(
  target: string,
  content: string | Uint8Array,
  name = target,
): Promise<void> {
  await withAtomicFile(target, name, (file) => file.write(content));
}

// ---------------------------------------------------------------------------------------------
// One folder (a table directory).

export interface AtomicDirectoryOptions {
  /**
   * Whether an existing folder at the target may be replaced, given its entries. Default: only
   * an empty one. A command that writes a table folder allows a folder holding nothing but
   * tables, so that an export can be re-run, but never replaces a folder of other files.
   */
  mayReplace?: (entries: string[]) => boolean;
  /** Says, in words, what the folder may hold, for the refusal message. */
  replaceableDescription?: string;
}

export interface AtomicDirectory {
  readonly path: string;
  /** The folder to fill; it becomes `path` on commit. */
  readonly temporary: string;
  /** Writes one file into the folder (a write error becomes one line naming the target). */
  writeFile(file: string, content: string | Uint8Array): Promise<void>;
  commit(): Promise<void>;
  abandon(): void;
}

/**
 * Creates a temporary sibling folder of `target` to fill. On commit it replaces the target
 * (moved aside first and removed only after the new folder is in place) or becomes it. Fails
 * at once when the target is a file, a folder that may not be replaced, or not writable.
 */
export function openAtomicDirectory(
  target: string,
  name = target,
  options: AtomicDirectoryOptions = {},
): AtomicDirectory {
  const mayReplace = options.mayReplace ?? ((entries: string[]) => entries.length === 0);
  const existing = statOrUndefined(target);
  if (existing && !existing.isDirectory())
    throw new UnwritableOutputError(`cannot write '${name}': it is a file, not a folder`);
  if (existing) {
    let entries: string[];
    try {
      entries = readdirSync(target);
    } catch (error) {
      throw outputError(error, target, name);
    }
    if (!mayReplace(entries)) {
      throw new UnwritableOutputError(
        `cannot write '${name}': the folder exists and holds other files (it may be replaced only when it holds ${options.replaceableDescription ?? "nothing"}); choose a new or empty folder`,
      );
    }
  }
  const temporary = temporarySibling(target);
  track(temporary);
  try {
    // Not recursive: the parent must exist. A recursive mkdir loops forever under /proc.
    mkdirSync(temporary);
  } catch (error) {
    untrack(temporary);
    throw outputError(error, target, name);
  }
  let done = false;
  const abandon = () => {
    if (!done) rmSync(temporary, { recursive: true, force: true });
    done = true;
    untrack(temporary);
  };
  return {
    path: target,
    temporary,
    async writeFile(file, content) {
      try {
        await writeFile(join(temporary, file), content);
      } catch (error) {
        throw outputError(error, join(target, file), join(name, file));
      }
    },
    async commit() {
      if (done) throw new Error(`atomic output ${target} was already committed or abandoned`);
      // The two renames and the removal run synchronously: no signal handler can run between
      // them, so the old folder is never lost nor left behind under its aside name.
      const old = statOrUndefined(target) ? temporarySibling(target, "old") : undefined;
      try {
        if (old) renameSync(target, old);
        try {
          renameSync(temporary, target);
        } catch (error) {
          if (old) renameSync(old, target);
          throw error;
        }
      } catch (error) {
        abandon();
        throw outputError(error, target, name);
      }
      done = true;
      untrack(temporary);
      if (old) rmSync(old, { recursive: true, force: true });
    },
    abandon,
  };
}

/** Runs `body` with the temporary folder to fill; commits when it resolves, abandons when it throws. */
export async function withAtomicDirectory<T>(
  target: string,
  name: string,
  body: (folder: string) => Promise<T>,
  options: AtomicDirectoryOptions = {},
): Promise<T> {
  const directory = openAtomicDirectory(target, name, options);
  try {
    const result = await body(directory.temporary);
    await directory.commit();
    return result;
  } catch (error) {
    directory.abandon();
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Several outputs of one command (a dataset and its summary, several reports).

/**
 * The outputs of one run, opened together before any work (so a wrong path fails before the
 * work, not after it) and committed together at the end: either every output is in place, or
 * none is touched.
 */
export class OutputSet {
  private readonly outputs: (AtomicFile | AtomicDirectory)[] = [];

  /** Opens a file; when that fails, the outputs opened before it are abandoned. */
  file(target: string, name = target): AtomicFile {
    return this.add(() => openAtomicFile(target, name));
  }

  directory(target: string, name = target, options?: AtomicDirectoryOptions): AtomicDirectory {
    return this.add(() => openAtomicDirectory(target, name, options));
  }

  private add<T extends AtomicFile | AtomicDirectory>(open: () => T): T {
    try {
      const output = open();
      this.outputs.push(output);
      return output;
    } catch (error) {
      this.abandon();
      throw error;
    }
  }

  async commit(): Promise<void> {
    try {
      for (const output of this.outputs) await output.commit();
    } catch (error) {
      this.abandon();
      throw error;
    }
  }

  abandon(): void {
    for (const output of this.outputs) output.abandon();
  }
}

/** Runs `body` with an empty OutputSet; commits it when `body` resolves, abandons it when it throws. */
export async function withOutputs<T>(body: (outputs: OutputSet) => Promise<T>): Promise<T> {
  const outputs = new OutputSet();
  try {
    const result = await body(outputs);
    await outputs.commit();
    return result;
  } catch (error) {
    outputs.abandon();
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// A file that a database engine writes itself (SQLite, DuckDB).

/** Files an engine keeps beside its database while it is open: journals, logs, locks. */
const ENGINE_SIDECARS = ["-journal", "-wal", ".wal", ".lock", ".spill"];

/**
 * Runs `body` with a temporary path beside `target` for an engine to create its database at
 * (with whatever it keeps beside it: `<temporary>.wal`, `<temporary>.lock`, a `.spill`
 * folder), and renames the database onto `target` when `body` resolves. A failure or a signal
 * removes the temporary and its sidecars; the old target stays. Fails at once, like
 * openAtomicFile, when the target cannot be written.
 */
export async function withAtomicEnginePath<T>(
  target: string,
  name: string,
  body: (temporary: string) => Promise<T>,
): Promise<T> {
  const existing = statOrUndefined(target);
  if (existing?.isDirectory())
    throw new UnwritableOutputError(`cannot write '${name}': it is a folder, not a file`);
  const temporary = temporarySibling(target);
  const paths = [temporary, ...ENGINE_SIDECARS.map((suffix) => `${temporary}${suffix}`)];
  try {
    // Proves the folder writable (with a message naming the fault), then leaves the name free.
    closeSync(openSync(temporary, "wx"));
    rmSync(temporary);
  } catch (error) {
    throw outputError(error, target, name);
  }
  for (const path of paths) track(path);
  const remove = () => {
    for (const path of paths) {
      rmSync(path, { recursive: true, force: true });
      untrack(path);
    }
  };
  try {
    const result = await body(temporary);
    try {
      // Engines create their files private; the export gets the mode of the file it replaces.
      chmodSync(temporary, existing ? existing.mode & 0o7777 : 0o666 & ~process.umask());
      renameSync(temporary, target);
    } catch (error) {
      throw outputError(error, target, name);
    }
    return result;
  } finally {
    remove();
  }
}
