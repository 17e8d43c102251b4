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
  /** An input could not be read (missing file, a directory, no permission). */
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
  3   unreadable input (missing file, a directory, no permission)
  70  internal error in parley (a bug: please report it)`;
