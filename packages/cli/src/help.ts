import type { Command, OptionSpec } from "./command";
import { EXIT_CODE_HELP } from "./exit-codes";

/** Options every command understands; the dispatcher handles them before the command runs. */
export const COMMON_OPTIONS: Record<string, OptionSpec> = {
  help: { type: "boolean", short: "h", description: "Show this help and exit." },
  color: { type: "boolean", description: "Colour the output even when it is not a terminal." },
  "no-color": {
    type: "boolean",
    description: "Never colour the output (the NO_COLOR environment variable does the same).",
  },
};

function optionLabel(name: string, spec: OptionSpec): string {
  const short = spec.short ? `-${spec.short}, ` : "    ";
  const value = spec.type === "string" ? ` ${spec.valueName ?? "<value>"}` : "";
  return `${short}--${name}${value}`;
}

function renderOptions(options: Record<string, OptionSpec>): string {
  const rows = Object.entries(options).map(
    ([name, spec]) => [optionLabel(name, spec), spec.description] as const,
  );
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return rows
    .map(([label, description]) => {
      const [first, ...rest] = description.split("\n");
      const pad = " ".repeat(width + 2);
      return [`  ${label.padEnd(width)}${first}`, ...rest.map((line) => `${pad}${line}`)].join(
        "\n",
      );
    })
    .join("\n");
}

export function commandHelp(command: Command): string {
  const parts = [`Usage: ${command.usage}`];
  if (command.description) parts.push(command.description.trim());
  parts.push(`Options:\n${renderOptions({ ...command.options, ...COMMON_OPTIONS })}`);
  if (command.examples?.length) {
    parts.push(`Examples:\n${command.examples.map((example) => `  ${example}`).join("\n")}`);
  }
  if (command.showsExitCodes) parts.push(EXIT_CODE_HELP);
  return `${parts.join("\n\n")}\n`;
}

export function globalHelp(commands: readonly Command[], version: string): string {
  const width = Math.max(...commands.map((command) => command.name.length)) + 2;
  const list = commands
    .map((command) => `  ${command.name.padEnd(width)}${command.summary}`)
    .join("\n");
  return `parley ${version}: check and work with datasets in the Parley standard.

Usage: parley <command> [options]

Commands:
${list}

Options:
  -h, --help     Show help (also: parley <command> --help, parley help <command>).
  -v, --version  Print the version of parley and the standard versions it validates.

${EXIT_CODE_HELP}

Run 'parley <command> --help' for a command's options and examples.
`;
}

/**
 * The commands whose name starts with `group` and has more words (`schema` → `schema diff`):
 * what `parley schema` prints, as `git remote` or `docker network` list their subcommands.
 */
export function groupCommands(commands: readonly Command[], group: string): Command[] {
  return commands.filter((command) => command.name.startsWith(`${group} `));
}

export function groupHelp(group: string, members: readonly Command[]): string {
  const width = Math.max(...members.map((command) => command.name.length)) + 2;
  const list = members
    .map((command) => `  ${command.name.padEnd(width)}${command.summary}`)
    .join("\n");
  return `Usage: parley ${group} <command> [options]

Commands:
${list}

Run 'parley ${group} <command> --help' for a command's options and examples.
`;
}
