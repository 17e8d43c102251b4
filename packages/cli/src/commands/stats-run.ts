import { DatasetStatsCollector } from "@parley/sdk";
import type { ParsedArgs } from "../command";
import type { CliContext } from "../context";
import { UsageError } from "../errors";
import { ExitCode } from "../exit-codes";
import { type InputSpec, inputSpecs } from "../inputs";
import { streamNdjson } from "../sql/stream";
import { renderMarkdown, renderText, statsSections } from "../stats-report";
import { bomNotes, readInput } from "./export-run";

const HINT = "Run 'parley stats --help' for its options.";
const FORMATS = ["table", "json", "markdown"] as const;

/** Runs `parley stats` (its options and help: ./stats.ts). */
export async function runStats(args: ParsedArgs, ctx: CliContext): Promise<ExitCode> {
  const format = String(args.values.format ?? "table");
  if (!(FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, got '${format}'`, HINT);
  const [input, ...extra] = args.positionals;
  if (!input || extra.length > 0)
    throw new UsageError(
      "give exactly one dataset (a file, a tables directory or a database)",
      HINT,
    );
  const spec = inputSpecs([input], ctx.cwd)[0] as InputSpec;
  const collector = new DatasetStatsCollector();
  let metadata: Record<string, unknown>;
  let problems: string[] = [];
  const stream =
    spec.path !== undefined
      ? await streamNdjson({ ...spec, path: spec.path }, ctx.stdin, bomNotes(ctx))
      : undefined;
  if (stream) {
    metadata = stream.metadata;
    for await (const record of stream.records) collector.add(record);
  } else {
    const read = await readInput(spec, ctx);
    const { records, ...rest } = read.dataset;
    metadata = rest;
    problems = read.problems;
    for (const record of records) collector.add(record);
  }
  for (const problem of problems) ctx.stderr.write(`${problem}\n`);
  const figures = collector.finish();
  if (figures.records.total === 0) ctx.stderr.write(`parley: note: ${input} holds no records\n`);
  const title = typeof metadata.title === "string" ? metadata.title : input;
  if (format === "json") {
    ctx.stdout.write(`${JSON.stringify({ dataset: title, ...figures }, null, 2)}\n`);
  } else if (format === "markdown") {
    ctx.stdout.write(renderMarkdown(statsSections(figures), title));
  } else {
    ctx.stdout.write(`${ctx.colors.bold(title)}\n\n${renderText(statsSections(figures))}`);
  }
  return problems.length > 0 ? ExitCode.Findings : ExitCode.Ok;
}
