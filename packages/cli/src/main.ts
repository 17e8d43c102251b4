import { parseArgs } from "node:util";
import { didYouMean } from "@parley/validator";
import type { Command, OptionSpec, ParsedArgs } from "./command";
import { commands } from "./commands";
import { type CliIo, createContext } from "./context";
import { CliError, printable, UsageError } from "./errors";
import { ExitCode } from "./exit-codes";
import { COMMON_OPTIONS, commandHelp, globalHelp, groupCommands, groupHelp } from "./help";
import { versionText } from "./version";

const GLOBAL_HINT = "Run 'parley --help' for the list of commands.";

/**
 * Finds the command named by the leading words of argv: the longest registered name wins, so
 * `schema diff` and a future `schema` can coexist.
 */
function findCommand(argv: readonly string[]): { command: Command; rest: string[] } | undefined {
  let found: { command: Command; rest: string[] } | undefined;
  for (const command of commands) {
    const words = command.name.split(" ");
    if (words.every((word, i) => argv[i] === word)) {
      if (!found || words.length > found.command.name.split(" ").length) {
        found = { command, rest: argv.slice(words.length) };
      }
    }
  }
  return found;
}

function parseCommandArgs(command: Command, args: string[]): ParsedArgs {
  const options: Record<string, OptionSpec> = { ...command.options, ...COMMON_OPTIONS };
  const hint = `Run 'parley ${command.name} --help' for its options.`;
  try {
    const { values, positionals } = parseArgs({
      args,
      options: Object.fromEntries(
        Object.entries(options).map(([name, spec]) => [
          name,
          {
            type: spec.type,
            ...(spec.short ? { short: spec.short } : {}),
            ...(spec.multiple ? { multiple: true } : {}),
          },
        ]),
      ),
      strict: true,
      allowPositionals: true,
    });
    return { values: values as ParsedArgs["values"], positionals };
  } catch (error) {
    throw new UsageError(describeParseError(error, options), hint);
  }
}

/** parseArgs's messages carry advice that fits its own API, not our users: say it plainly. */
function describeParseError(error: unknown, options: Record<string, OptionSpec>): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  // parseArgs names an option as '--format', '-f' or '-f, --format <value>': prefer the long name.
  const flag = /'(?:-\w, )?(--?[^' ,]+)/.exec(message)?.[1];
  switch (code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION": {
      const near = flag ? didYouMean(flag.replace(/^-+/, ""), Object.keys(options)) : undefined;
      return `unknown option '${flag ?? message}'${near ? ` (did you mean '--${near}'?)` : ""}`;
    }
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      if (message.includes("argument missing")) {
        return `option '${flag ?? "?"}' needs a value`;
      }
      return `option '${flag ?? "?"}' does not take a value`;
    default:
      return message;
  }
}

/**
 * Runs `parley` with the given arguments (without `node` and the script path) and returns the
 * exit code. Never throws: every error ends up as a message on stderr and a documented code.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  // Colour for messages written before a command parses its flags (unknown command, …).
  const early = createContext(
    io,
    argv.includes("--no-color") ? false : argv.includes("--color") ? true : undefined,
  );
  try {
    const [first] = argv;
    if (first === undefined) {
      io.stderr.write(globalHelp(commands, versionText().short));
      return ExitCode.Usage;
    }
    if (first === "--help" || first === "-h") {
      io.stdout.write(globalHelp(commands, versionText().short));
      return ExitCode.Ok;
    }
    if (first === "--version" || first === "-v" || first === "-V") {
      io.stdout.write(`${versionText().long}\n`);
      return ExitCode.Ok;
    }
    if (first === "help") {
      const target = argv.length > 1 ? findCommand(argv.slice(1)) : undefined;
      const members = argv.length === 2 ? groupCommands(commands, argv[1] as string) : [];
      if (!target && members.length > 0) {
        io.stdout.write(groupHelp(argv[1] as string, members));
        return ExitCode.Ok;
      }
      if (argv.length > 1 && !target) throw unknownCommand(argv.slice(1).join(" "));
      await target?.command.prepare?.();
      io.stdout.write(
        target ? commandHelp(target.command) : globalHelp(commands, versionText().short),
      );
      return ExitCode.Ok;
    }
    if (first.startsWith("-")) {
      throw new UsageError(`unknown option '${first}' (a command must come first)`, GLOBAL_HINT);
    }
    const found = findCommand(argv);
    if (!found) {
      // A group word alone (`parley schema`, `parley schema --help`) lists its commands.
      const members = groupCommands(commands, first);
      const next = argv[1];
      if (members.length > 0 && (next === undefined || next === "--help" || next === "-h")) {
        io.stdout.write(groupHelp(first, members));
        return ExitCode.Ok;
      }
      throw unknownCommand(argv.slice(0, members.length > 0 ? 2 : 1).join(" "));
    }
    const { command, rest } = found;
    const parsed = parseCommandArgs(command, rest);
    await command.prepare?.();
    if (parsed.values.help) {
      io.stdout.write(commandHelp(command));
      return ExitCode.Ok;
    }
    const colorFlag = parsed.values["no-color"] ? false : parsed.values.color ? true : undefined;
    return await command.run(parsed, createContext(io, colorFlag));
  } catch (error) {
    const c = early.errColors;
    if (error instanceof CliError) {
      io.stderr.write(`${c.red(c.bold("parley:"))} ${printable(error.message)}\n`);
      if (error.hint) io.stderr.write(`${c.dim(error.hint)}\n`);
      return error.exitCode;
    }
    // Not the user's fault: say so, and keep the stack for a bug report behind PARLEY_DEBUG.
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`${c.red(c.bold("parley: internal error:"))} ${printable(message)}\n`);
    if (io.env.PARLEY_DEBUG && error instanceof Error && error.stack) {
      io.stderr.write(`${error.stack}\n`);
    } else {
      io.stderr.write(
        c.dim("This is a bug in parley. Set PARLEY_DEBUG=1 for details and please report it.\n"),
      );
    }
    return ExitCode.Internal;
  }
}

function unknownCommand(name: string): UsageError {
  const near = didYouMean(
    name,
    commands.map((command) => command.name),
  );
  return new UsageError(
    `unknown command '${name}'${near ? ` (did you mean '${near}'?)` : ""}`,
    GLOBAL_HINT,
  );
}
