/**
 * The exit codes of `parley`, documented in `parley --help` and the README. Scripts and CI
 * depend on them, so they never change meaning.
 */
export const ExitCode = {
  /** Every input is valid (warnings are allowed unless `--max-warnings` is exceeded). */
  Ok: 0,
  /** At least one finding at error level, or more warnings than `--max-warnings` allows. */
  Findings: 1,
  /** The command line or the config file is wrong; nothing was validated. */
  Usage: 2,
  /** A file could not be read or written (missing input, a directory, no permission, an output folder that is missing or a file). */
  Unreadable: 3,
  /** A bug in parley itself (never a problem of the user's data): please report it. */
  Internal: 70,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The exit-code table as printed in `--help`; the README carries the same table. */
export const EXIT_CODE_HELP = `Exit codes:
  0   valid (warnings are allowed unless --max-warnings is exceeded)
  1   findings at error level, or more warnings than --max-warnings
  2   usage or config error (unknown command or flag, bad value, bad config file)
  3   a file cannot be read or written (missing input or output folder, no permission)
  70  internal error in parley (a bug: please report it)`;
