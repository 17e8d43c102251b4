export type { Command, OptionSpec, ParsedArgs } from "./command";
export { commands } from "./commands";
export type { CliContext, CliIo, OutputStream } from "./context";
export { CliError, ConfigError, UnreadableInputError, UsageError } from "./errors";
export { EXIT_CODE_HELP, ExitCode } from "./exit-codes";
export { run } from "./main";
