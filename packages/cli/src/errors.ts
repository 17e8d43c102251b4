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
