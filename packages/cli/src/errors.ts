import { ExitCode } from "./exit-codes";

/**
 * An error the user can fix: printed as one clear line (plus an optional hint), never with a
 * stack trace, and mapped to its documented exit code.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly hint?: string,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** A wrong command line: unknown command or flag, a missing or malformed value. Exit 2. */
export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.Usage, hint);
    this.name = "UsageError";
  }
}

/** A config file that cannot be read or does not say something valid. Exit 2. */
export class ConfigError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.Usage, hint);
    this.name = "ConfigError";
  }
}

/** An input that cannot be read at all (as opposed to one that reads but is invalid). Exit 3. */
export class UnreadableInputError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.Unreadable, hint);
    this.name = "UnreadableInputError";
  }
}

/** Node's file-system error codes, in words a user understands. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "ENOENT":
      return "no such file";
    case "EISDIR":
      return "is a directory, not a file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ENOTDIR":
      return "a part of the path is not a directory";
    case "EMFILE":
    case "ENFILE":
      return "too many open files";
    case "ELOOP":
      return "too many symbolic links";
    case "ENOSPC":
      return "no space left on the device";
    case "EROFS":
      return "a read-only file system";
    case "EDQUOT":
      return "disk quota exceeded";
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/**
 * An output that cannot be written: its folder is missing or is a file, a folder stands where a
 * file should, permission is denied, the disk is full. The user's file system, not a bug: exit 3.
 */
export class UnwritableOutputError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.Unreadable, hint);
    this.name = "UnwritableOutputError";
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f\u2028\u2029\ufeff]/g;

const escaped = (c: string) =>
  c === "\t" ? "\\t" : c === "\r" ? "\\r" : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

/** A message safe for a terminal: control characters (a NUL, a BOM, ESC) shown escaped. */
export function printable(message: string): string {
  return message.replace(CONTROL, escaped);
}

/**
 * Text from elsewhere (a JSON parser's excerpt of the input) made one line: its line breaks
 * and control characters are shown escaped, so the error stays the one line the policy promises.
 */
export function oneLine(text: string): string {
  return printable(text).replace(/\n/g, "\\n");
}
