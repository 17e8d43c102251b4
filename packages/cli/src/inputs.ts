import { createWriteStream } from "node:fs";
import { open, readdir, readFile, rm, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Readable } from "node:stream";
import type { CsvTables } from "@parley/sdk";
import type { ValidateOptions } from "@parley/validator";
import { handleChunksInOneBuffer, isSplittable } from "@parley/validator/node";
import { makeScratchDirectory } from "./atomic-output";
import { describeFsError, UnreadableInputError } from "./errors";

/** An input named on the command line: a file, or `-` for standard input. */
export interface InputSpec {
  /** As the user wrote it; findings and reports use this name. */
  name: string;
  /** Absolute path of a file; undefined for stdin. */
  path?: string;
}

export const STDIN_NAME = "<stdin>";

export function inputSpecs(args: readonly string[], cwd: string): InputSpec[] {
  return args.map((arg) =>
    arg === "-" ? { name: STDIN_NAME } : { name: arg, path: resolve(cwd, arg) },
  );
}

/** Marks errors raised while reading an input's bytes (as opposed to bugs): exit code 3. */
export class InputReadError extends UnreadableInputError {}

/**
 * Opens a file for validation, failing early and clearly when it cannot be read (missing, a
 * directory, no permission) rather than in the middle of a report. Returns its size for the
 * progress bar and a byte stream whose read errors become InputReadError.
 *
 * `validation`: the options the file will be validated with. A regular file that the validator
 * reads as plain NDJSON (`isSplittable`) is then read into two reused buffers rather than a
 * fresh one per read: its reader copies what it keeps, and dead read buffers are external
 * memory that the garbage collector frees late (see `handleChunksInOneBuffer`).
 */
export async function openFile(
  spec: InputSpec & { path: string },
  validation?: ValidateOptions,
): Promise<{
  size: number;
  chunks: AsyncIterable<Uint8Array>;
  close: () => Promise<void>;
}> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(spec.path, "r");
  } catch (error) {
    throw new InputReadError(`cannot read '${spec.name}': ${describeFsError(error)}`);
  }
  const stat = await handle.stat();
  if (stat.isDirectory()) {
    await handle.close();
    throw new InputReadError(`cannot read '${spec.name}': is a directory, not a file`);
  }
  if (validation && stat.isFile() && isSplittable(spec.path, validation)) {
    const file = handle;
    return {
      size: stat.size,
      chunks: guardReads(handleChunksInOneBuffer(file), spec.name),
      close: () => file.close().catch(() => {}),
    };
  }
  const stream = handle.createReadStream({ highWaterMark: 1 << 20, autoClose: true });
  return {
    size: stat.isFile() ? stat.size : 0,
    chunks: guardReads(stream, spec.name),
    close: async () => {
      stream.destroy();
    },
  };
}

/** Re-throws a read error of a stream (EIO, a vanished network file) as an InputReadError. */
export async function* guardReads(
  stream: AsyncIterable<Uint8Array>,
  name: string,
): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of stream) yield chunk as Uint8Array;
  } catch (error) {
    throw new InputReadError(`cannot read '${name}': ${describeFsError(error)}`);
  }
}

/**
 * Standard input, copied to a temporary file as it is read, so that code frames can show its
 * lines afterwards without holding the whole input in memory. `dispose` removes the copy.
 */
export async function spooledStdin(stdin: Readable): Promise<{
  chunks: AsyncIterable<Uint8Array>;
  path: string;
  dispose: () => Promise<void>;
}> {
  const dir = await makeScratchDirectory("parley-stdin-");
  const path = join(dir, "stdin");
  const out = createWriteStream(path);
  async function* tee(): AsyncGenerator<Uint8Array> {
    try {
      for await (const chunk of guardReads(stdin, STDIN_NAME)) {
        if (!out.write(chunk)) await new Promise<void>((done) => out.once("drain", () => done()));
        yield chunk;
      }
    } finally {
      await new Promise<void>((done) => out.end(() => done()));
    }
  }
  return {
    chunks: tee(),
    path,
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

/** True when the input names a directory: the CSV table form of a dataset (docs/csv-tables.md). */
export async function isTablesDirectory(spec: InputSpec): Promise<boolean> {
  if (spec.path === undefined) return false;
  try {
    return (await stat(spec.path)).isDirectory();
  } catch {
    return false;
  }
}

/** Reads every `.csv` file of a tables directory, by file name; a directory without any is unreadable. */
export async function readCsvTablesDirectory(path: string, name: string): Promise<CsvTables> {
  const tables: CsvTables = {};
  try {
    for (const file of (await readdir(path))
      .filter((f) => f.toLowerCase().endsWith(".csv"))
      .sort()) {
      tables[file] = await readFile(join(path, file), "utf8");
    }
  } catch (error) {
    throw new InputReadError(`cannot read '${name}': ${describeFsError(error)}`);
  }
  if (Object.keys(tables).length === 0) {
    throw new InputReadError(`cannot read '${name}': a directory without CSV tables`);
  }
  return tables;
}
