import { didYouMean, getRule, RULES, type RuleDefinition } from "@parley/validator";
import type { Command } from "../command";
import type { Colors } from "../context";
import { UsageError } from "../errors";
import { ExitCode } from "../exit-codes";

function indent(text: string, prefix = "    "): string {
  return text
    .replace(/\n$/, "")
    .split("\n")
    .map((line) => `${prefix}${line}`)
    .join("\n");
}

/** Prose wrapped at `width` columns; examples are never wrapped (they must stay copyable). */
function wrap(text: string, width = 100): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.join("\n");
}

function describeRule(rule: RuleDefinition, c: Colors): string {
  const versions = rule.schemaVersions === "*" ? "every version" : rule.schemaVersions.join(", ");
  const parts = [
    `${c.bold(rule.id)}  ${c.dim(`${rule.defaultSeverity} by default · ${rule.category} · standard ${versions}`)}`,
    wrap(rule.title),
    wrap(rule.description),
    `${c.green("Valid")} (NDJSON):\n${indent(rule.validExample)}`,
  ];
  if (rule.invalidExampleHex !== undefined) {
    parts.push(
      `${c.red("Invalid")} (the bytes, in hex, since text cannot show them):\n${indent(rule.invalidExampleHex)}` +
        (rule.invalidExample ? `\n  which reads roughly as:\n${indent(rule.invalidExample)}` : ""),
    );
  } else if (rule.invalidExample === "") {
    parts.push(`${c.red("Invalid")}: an input of zero bytes.`);
  } else {
    parts.push(`${c.red("Invalid")} (NDJSON):\n${indent(rule.invalidExample)}`);
  }
  parts.push(
    c.dim(
      `Configure it in a config file: { "rules": { "${rule.id}": "off" | "error" | "warning" | "info" } }`,
    ),
  );
  return `${parts.join("\n\n")}\n`;
}

function listRules(c: Colors): string {
  const width = Math.max(...RULES.map((rule) => rule.id.length)) + 2;
  const rows = RULES.map(
    (rule) => `  ${rule.id.padEnd(width)}${c.dim(rule.defaultSeverity.padEnd(9))}${rule.title}`,
  );
  return `${RULES.length} rules (run 'parley explain <rule>' for one):\n\n${rows.join("\n")}\n`;
}

export const explain: Command = {
  name: "explain",
  summary: "Explain a validation rule, with a valid and an invalid example",
  usage: "parley explain [<rule>]",
  description:
    "Prints what a rule finds, why it matters, its default severity, the versions of the standard it applies to, and two small NDJSON datasets: one that passes and one that breaks it. Without a rule, lists every rule.",
  options: {},
  examples: ["parley explain reference-unresolved", "parley explain"],
  async run({ positionals }, ctx) {
    if (positionals.length > 1) {
      throw new UsageError(
        `explain takes one rule id, got ${positionals.length}`,
        "Run 'parley explain' for the list of rules.",
      );
    }
    const [id] = positionals;
    if (id === undefined) {
      ctx.stdout.write(listRules(ctx.colors));
      return ExitCode.Ok;
    }
    const rule = getRule(id);
    if (!rule) {
      const near = didYouMean(
        id,
        RULES.map((r) => r.id),
      );
      throw new UsageError(
        `unknown rule '${id}'${near ? ` (did you mean '${near}'?)` : ""}`,
        "Run 'parley explain' for the list of rules.",
      );
    }
    ctx.stdout.write(describeRule(rule, ctx.colors));
    return ExitCode.Ok;
  },
};
