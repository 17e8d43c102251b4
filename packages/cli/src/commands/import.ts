import { type Stats, statSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import {
  formatSummary,
  gdeltHeader,
  hsgTravelsHeader,
  ImportError,
  type ImportRun,
  importGdelt,
  importHistoryAtState,
  importPlover,
  importUnGeneralDebate,
  ploverHeader,
  ungdcHeader,
} from "@parley/importers";
import type { DatasetHeader } from "@parley/schema";
import { withOutputs } from "../atomic-output";
import type { Command } from "../command";
import { CliError, describeFsError, UnreadableInputError, UsageError } from "../errors";
import { ExitCode } from "../exit-codes";

const HINT = "Run 'parley import --help' for the formats and their inputs.";

interface FormatSpec {
  header: DatasetHeader;
  /** File name endings the format reads from a directory given as input. */
  extensions: readonly string[];
  describe: string;
  start(files: string[], mentions: string[]): ImportRun;
}

const FORMATS: Record<string, FormatSpec> = {
  "hsg-travels": {
    header: hsgTravelsHeader,
    extensions: [".xml"],
    describe: "HistoryAtState travels XML, one file per traveller (directories: every *.xml)",
    start: (files) => importHistoryAtState(files),
  },
  plover: {
    header: ploverHeader,
    extensions: [".json"],
    describe: "PLOVER gold standard records, a JSON array (CONSULT records become meetings)",
    start: (files) => importPlover(files),
  },
  gdelt: {
    header: gdeltHeader,
    extensions: [".csv", ".tsv"],
    describe:
      "GDELT 2.0 events export, 61 tab-separated columns (CAMEO 04x become events); --mentions adds the mentions table",
    start: (files, mentions) => importGdelt(files, { mentions }),
  },
  ungdc: {
    header: ungdcHeader,
    extensions: [".csv", ".txt"],
    describe:
      "UN General Debate: Speakers_by_session.csv and speech files ISO_SESSION_YEAR.txt (or their directory)",
    start: (files) => {
      const speakers = files.filter((file) => file.toLowerCase().endsWith(".csv"));
      if (speakers.length !== 1) {
        throw new UsageError(
          `ungdc needs exactly one speakers CSV among its inputs, got ${speakers.length}`,
          HINT,
        );
      }
      return importUnGeneralDebate({
        speakers: speakers[0] as string,
        speeches: files.filter((file) => !file.toLowerCase().endsWith(".csv")),
      });
    },
  },
};

const ALIASES: Record<string, string> = {
  "history-at-state": "hsg-travels",
  hsg: "hsg-travels",
  "un-general-debate": "ungdc",
};

/** Files given on the command line, with directories expanded to their files of the format, sorted. */
async function expandInputs(inputs: string[], spec: FormatSpec, cwd: string): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const path = resolve(cwd, input);
    let stats: Stats;
    try {
      stats = statSync(path);
    } catch (error) {
      throw new UnreadableInputError(`${input}: ${describeFsError(error)}`);
    }
    if (stats.isDirectory()) {
      const names = (await readdir(path))
        .filter((name) => spec.extensions.some((ext) => name.toLowerCase().endsWith(ext)))
        .sort();
      if (names.length === 0)
        throw new UnreadableInputError(
          `${input}: a directory with no ${spec.extensions.join(" or ")} file`,
        );
      files.push(...names.map((name) => join(path, name)));
    } else {
      files.push(path);
    }
  }
  return files;
}

/** Writes the dataset as NDJSON lines, header first, waiting when the destination is full. */
async function writeNdjson(
  run: ImportRun,
  header: DatasetHeader,
  write: (line: string) => unknown,
): Promise<void> {
  await write(`${JSON.stringify(header)}\n`);
  for await (const record of run) await write(`${JSON.stringify(record)}\n`);
}

export const importCommand: Command = {
  name: "import",
  summary:
    "Import third-party data (HistoryAtState, PLOVER, GDELT, UN General Debate) as Parley NDJSON",
  usage: "parley import <format> <input…> [-o out.ndjson] [--mentions <file>…]",
  description: [
    `Formats:\n${Object.entries(FORMATS)
      .map(([name, spec]) => `  ${name.padEnd(12)} ${spec.describe}`)
      .join("\n")}`,
    "Records stream to the output as they are built (stdout without -o); the import summary (read, imported, skipped by reason, warnings, countries that could not be mapped) goes to stderr. Nothing the source holds is dropped silently: every skipped item is counted by reason. Check the result with `parley validate`.",
  ].join("\n\n"),
  options: {
    output: {
      type: "string",
      short: "o",
      valueName: "<file>",
      description: "Write the NDJSON dataset to this file (default: stdout).",
    },
    mentions: {
      type: "string",
      multiple: true,
      valueName: "<file>",
      description:
        "gdelt only: a GDELT 2.0 mentions table (headed CSV or raw TSV); its rows become sources of the events they mention.",
    },
    "summary-json": {
      type: "string",
      valueName: "<file>",
      description: "Also write the import summary as JSON to this file.",
    },
  },
  examples: [
    "parley import hsg-travels travels/president-travels travels/secretary-travels -o travels.ndjson",
    "parley import plover PLOVER_GSR_CAMEO.json -o plover.ndjson",
    "parley import gdelt 20191024143000.export.CSV --mentions mentions.csv -o gdelt.ndjson",
    "parley import ungdc Speakers_by_session.csv speeches-2023/ -o ungdc.ndjson",
  ],
  async run(args, ctx) {
    const [formatName, ...inputs] = args.positionals;
    if (!formatName)
      throw new UsageError(`name a format: ${Object.keys(FORMATS).join(", ")}`, HINT);
    const canonical = ALIASES[formatName] ?? formatName;
    const spec = FORMATS[canonical];
    if (!spec)
      throw new UsageError(
        `unknown import format '${formatName}' (one of ${Object.keys(FORMATS).join(", ")})`,
        HINT,
      );
    if (inputs.length === 0)
      throw new UsageError(`parley import ${canonical} needs at least one input file`, HINT);
    const mentionArgs = (args.values.mentions as string[] | undefined) ?? [];
    if (mentionArgs.length > 0 && canonical !== "gdelt")
      throw new UsageError("--mentions is for the gdelt format only", HINT);

    const files = await expandInputs(inputs, spec, ctx.cwd);
    const mentions = await expandInputs(mentionArgs, spec, ctx.cwd);
    const outputArg = typeof args.values.output === "string" ? args.values.output : undefined;
    const summaryArg =
      typeof args.values["summary-json"] === "string" ? args.values["summary-json"] : undefined;
    // Both outputs are opened before the import starts (a wrong path fails at once) and put in
    // place together at the end; a failure or Ctrl-C leaves neither.
    const run = await withOutputs(async (outputs) => {
      const out = outputArg ? outputs.file(resolve(ctx.cwd, outputArg), outputArg) : undefined;
      const summary = summaryArg
        ? outputs.file(resolve(ctx.cwd, summaryArg), summaryArg)
        : undefined;
      const run = spec.start(files, mentions);
      try {
        await writeNdjson(run, spec.header, (line) =>
          out ? out.write(line) : ctx.stdout.write(line),
        );
      } catch (error) {
        if (error instanceof ImportError) throw new UnreadableInputError(error.message);
        if (error instanceof CliError) throw error;
        const code = (error as NodeJS.ErrnoException).code;
        if (code)
          throw new UnreadableInputError(
            `${(error as { path?: string }).path ?? "input"}: ${describeFsError(error)}`,
          );
        throw error;
      }
      await summary?.write(`${JSON.stringify(run.summary, null, 2)}\n`);
      return run;
    });
    ctx.stderr.write(`${formatSummary(run.summary)}\n`);
    if (outputArg) ctx.stderr.write(`wrote ${resolve(ctx.cwd, outputArg)}\n`);
    return ExitCode.Ok;
  },
};
