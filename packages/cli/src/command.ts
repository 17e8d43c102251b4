import type { CliContext } from "./context";
import type { ExitCode } from "./exit-codes";

/** One option of a command, in node:util parseArgs terms plus what `--help` prints. */
export interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
  /** The option may be given several times; its value is then an array. */
  multiple?: boolean;
  /** What the value stands for in help, e.g. `<n>` or `<format>=<file>`. */
  valueName?: string;
  description: string;
}

export type OptionValues = Record<string, string | boolean | string[] | boolean[] | undefined>;

export interface ParsedArgs {
  values: OptionValues;
  positionals: string[];
}

/**
 * A `parley` command. Each lives in its own module under src/commands/ and is listed once in
 * src/commands/index.ts; the dispatcher, option parsing, `--help` and error handling are shared.
 */
export interface Command {
  /** One or more words: `validate`, `schema diff`. */
  name: string;
  /** One line for the command list in `parley --help`. */
  summary: string;
  /** The synopsis after `Usage:`, e.g. `parley validate [options] <files…|->`. */
  usage: string;
  /** Paragraphs printed under the synopsis in `parley <command> --help`. */
  description?: string;
  options: Record<string, OptionSpec>;
  /** Worked examples printed at the end of the command's help. */
  examples?: string[];
  /** Print the exit-code table in this command's help. */
  showsExitCodes?: boolean;
  /**
   * Loads what only this command needs (a package no other command uses), before its help or
   * its run: the CLI starts without it. The dispatcher awaits it.
   */
  prepare?(): Promise<void>;
  run(args: ParsedArgs, ctx: CliContext): Promise<ExitCode>;
}
