import type { Command } from "../command";
import { explain } from "./explain";
import { exportCommand } from "./export";
import { importCommand } from "./import";
import { migrate } from "./migrate";
import { schemaDiff } from "./schema-diff";
import { stats } from "./stats";
import { validate } from "./validate";

/**
 * Every `parley` command, in the order `parley --help` lists them. To add one, write a module
 * in this folder that exports a `Command` and add it here; parsing, `--help`, exit codes and
 * error handling come with it.
 */
export const commands: readonly Command[] = [
  validate,
  explain,
  migrate,
  schemaDiff,
  importCommand,
  exportCommand,
  stats,
];
