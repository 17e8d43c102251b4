import type { Readable } from "node:stream";
import pc from "picocolors";

/** What a command may write to: process.stdout/stderr in the binary, buffers in tests. */
export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Everything a command touches outside itself, so that it can run in-process in a test. */
export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  stdin: Readable;
  env: Record<string, string | undefined>;
  cwd: string;
}

export type Colors = ReturnType<typeof pc.createColors>;

/** What the command registry hands to a command's `run`. */
export interface CliContext extends CliIo {
  /** Colours for text written to stdout (reports); no-ops when colour is off. */
  colors: Colors;
  /** Colours for messages written to stderr. */
  errColors: Colors;
}

/**
 * Whether to colour a stream, following https://no-color.org: NO_COLOR set to a non-empty value
 * turns colour off; FORCE_COLOR (non-empty, not "0") turns it on; otherwise colour only on a TTY.
 * An explicit `--color` / `--no-color` flag wins over the environment.
 */
export function colorEnabled(
  stream: OutputStream,
  env: Record<string, string | undefined>,
  flag?: boolean,
): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "" && force !== "0" && force !== "false") return true;
  if (env.TERM === "dumb") return false;
  return stream.isTTY === true;
}

export function createContext(io: CliIo, colorFlag?: boolean): CliContext {
  return {
    ...io,
    colors: pc.createColors(colorEnabled(io.stdout, io.env, colorFlag)),
    errColors: pc.createColors(colorEnabled(io.stderr, io.env, colorFlag)),
  };
}
