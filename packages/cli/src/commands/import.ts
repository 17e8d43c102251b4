import { resolve } from "node:path";
import type * as ImportersModule from "@parley/importers";
import type { ImportRun, Mapping, Predicate } from "@parley/importers";
import type { DatasetHeader } from "@parley/schema";
import { withOutputs } from "../atomic-output";
import type { Command } from "../command";
import { CliError, describeFsError, UnreadableInputError, UsageError } from "../errors";
import { ExitCode } from "../exit-codes";
import {
  expandImportInputs,
  importVerdict,
  parseMinRecords,
  parseSkipLimit,
} from "../import-support";

const HINT = "Run 'parley import --help' for the formats and their inputs.";

/**
 * @parley/importers (and the parsers it loads: ajv, saxes, papaparse) is loaded by `prepare`,
 * before this command's help or run, not when any `parley` command starts: `parley validate`
 * never needs it, and loading it cost every command ~0.1 s of CPU and ~5 MB.
 */
let loaded: typeof ImportersModule | undefined;
async function loadImporters(): Promise<void> {
  loaded ??= await import("@parley/importers");
}
function importers(): typeof ImportersModule {
  if (!loaded) throw new Error("parley import: prepare() must load the importers first");
  return loaded;
}
const MAPPING_HINT =
  "The mapping format is described in docs/mappings.md (JSON Schema: @parley/importers/mapping.schema.json).";

interface FormatSpec {
  header: DatasetHeader;
  /** File name endings the format reads from a directory given as input. */
  extensions: readonly string[];
  describe: string;
  /** The lookup tables a mapping joins (`--lookup name=file`), with the file endings of each. */
  lookups?: Record<string, readonly string[]>;
  start(files: string[], options: ImportCliOptions): ImportRun;
}

/** Options of `parley import` that the importers take. */
interface ImportCliOptions {
  since?: string;
  until?: string;
  where: string[];
  /** Files of the mapping's lookup tables, by lookup name. */
  lookups: Record<string, string[]>;
  /** Filters the command builds (ungdc's --session/--year), besides --where. */
  predicates: Predicate[];
  /** ungdc: --session (numbers, or "all") and --year. */
  sessions: string[];
  years: string[];
}

/**
 * The sessions an ungdc import takes: --session/--year when given; otherwise, with speech files,
 * the sessions of those files (one year's speeches import that year's debate, not every session
 * since 1946); `--session all` takes every session.
 */
function ungdcSelection(
  speeches: readonly string[],
  options: ImportCliOptions,
): { sessions?: number[]; years?: number[] } {
  const numbers = (values: string[], flag: string) =>
    values
      .flatMap((value) => value.split(","))
      .map((value) => {
        if (!/^\d+$/.test(value.trim()))
          throw new UsageError(`${flag} takes numbers (or --session all), not '${value}'`, HINT);
        return Number(value);
      });
  if (options.sessions.includes("all")) return {};
  const sessions = numbers(options.sessions, "--session");
  const years = numbers(options.years, "--year");
  if (sessions.length > 0 || years.length > 0)
    return { ...(sessions.length ? { sessions } : {}), ...(years.length ? { years } : {}) };
  const ofSpeeches = speeches
    .map((file) => importers().SPEECH_FILE_PATTERN.exec(file.split(/[\\/]/).pop() ?? "")?.[2])
    .filter((session): session is string => session !== undefined)
    .map(Number);
  return ofSpeeches.length > 0 ? { sessions: [...new Set(ofSpeeches)] } : {};
}

/** A mapping as a format: the shipped ones by name, a user's with --mapping. */
function mappingFormat(mapping: Mapping): FormatSpec {
  return {
    header: importers().mappingHeader(mapping),
    extensions: mapping.input.extensions ?? importers().DEFAULT_EXTENSIONS[mapping.input.format],
    describe: mapping.description ?? `mapping ${mapping.name}`,
    lookups: Object.fromEntries(
      Object.entries(mapping.lookups ?? {}).map(([name, lookup]) => [
        name,
        lookup.input.extensions ?? importers().DEFAULT_EXTENSIONS[lookup.input.format],
      ]),
    ),
    start: (files, options) =>
      importers().importWithMapping(mapping, files, {
        ...(options.since ? { since: options.since } : {}),
        ...(options.until ? { until: options.until } : {}),
        where: [...options.where.map(importers().parseWherePredicate), ...options.predicates],
        lookups: options.lookups,
      }),
  };
}

/**
 * Every source `parley import <name>` knows is a shipped mapping, in the package's order: read
 * and checked on first use (an import or its help), not when any `parley` command starts.
 */
let formatSpecs: Record<string, FormatSpec> | undefined;
function formats(): Record<string, FormatSpec> {
  if (!formatSpecs) {
    formatSpecs = {};
    for (const name of importers().SHIPPED_MAPPINGS) {
      const mapping = importers().shippedMapping(name);
      if (mapping) formatSpecs[name] = mappingFormat(mapping);
    }
  }
  return formatSpecs;
}

const ALIASES: Record<string, string> = {
  "history-at-state": "hsg-travels",
  hsg: "hsg-travels",
  "un-general-debate": "ungdc",
};

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
  usage:
    "parley import <format> <input…> [-o out.ndjson] | parley import --mapping <mapping.json> <input…> [-o out.ndjson]",
  get description() {
    return [
      `Formats:\n${Object.entries(formats())
        .map(([name, spec]) => `  ${name.padEnd(12)} ${spec.describe}`)
        .join("\n")}`,
      "Every format is a shipped mapping run by the same engine as --mapping (@parley/importers/mappings/<name>.json: copy one to adapt it), so --since, --until, --where and --lookup work with each. Inputs of a lookup's kind go to that lookup (ungdc: the speech .txt files beside the speakers CSV).",
      "Records stream to the output as they are built (stdout without -o); the import summary (read, imported, skipped by reason, warnings, countries that could not be mapped) goes to stderr. Nothing the source holds is dropped silently: every skipped item is counted by reason, and a file that is not of the source's shape is skipped with a warning, never read as data. Folders are searched recursively.",
      "An import that imported nothing fails (exit 1) with the summary of skip reasons, and so does one below --min-records or above --max-skipped; the output file is then not written (it is written under a temporary name and renamed only on success). Check the result with `parley validate`.",
    ].join("\n\n");
  },
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
    session: {
      type: "string",
      multiple: true,
      valueName: "<n|all>",
      description:
        "ungdc only: import these General Assembly sessions (78, or 77,78). Default with speech files: their sessions; 'all' for every session.",
    },
    year: {
      type: "string",
      multiple: true,
      valueName: "<yyyy>",
      description: "ungdc only: import the sessions held in these years.",
    },
    lookup: {
      type: "string",
      multiple: true,
      valueName: "<name=file>",
      description:
        "Mappings: a file (or folder) of the mapping's lookup table of this name, joined to the source's records (gdelt: --lookup mentions=FILE, the same as --mentions).",
    },
    mapping: {
      type: "string",
      valueName: "<file>",
      description:
        "Import with a declarative mapping (JSON; see docs/mappings.md) instead of a named format: CSV/TSV, xlsx, JSON, NDJSON or XML.",
    },
    since: {
      type: "string",
      valueName: "<date>",
      description:
        "Mappings: keep only events that may fall on or after this date (YYYY[-MM[-DD]]).",
    },
    until: {
      type: "string",
      valueName: "<date>",
      description: "Mappings: keep only events that may fall on or before this date.",
    },
    where: {
      type: "string",
      multiple: true,
      valueName: "<test>",
      description:
        "Mappings: keep only source records passing a test on a field or variable: name=value, name!=value, name~regex.",
    },
    "min-records": {
      type: "string",
      valueName: "<n>",
      description:
        "Fail (exit 1, no output file) when fewer source items were imported. An import of nothing always fails.",
    },
    "max-skipped": {
      type: "string",
      valueName: "<n|ratio|%>",
      description:
        "Fail (exit 1, no output file) when more source items were skipped: a count (25), a ratio (0.05) or a percentage (5%).",
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
    "parley import hsg-visits visits/data -o visits.ndjson",
    "parley import --mapping my-events.mapping.json my-events.csv --since 2020 -o my-events.ndjson",
  ],
  // main.ts awaits prepare() before run(): the importers are loaded once, there.
  prepare: loadImporters,
  async run(args, ctx) {
    const mappingArg = typeof args.values.mapping === "string" ? args.values.mapping : undefined;
    let canonical: string;
    let spec: FormatSpec | undefined;
    let inputs: string[];
    if (mappingArg) {
      canonical = mappingArg;
      inputs = args.positionals;
      try {
        spec = mappingFormat(await importers().loadMappingFile(resolve(ctx.cwd, mappingArg)));
      } catch (error) {
        if (error instanceof importers().MappingError)
          throw new UsageError(error.message, MAPPING_HINT);
        const code = (error as NodeJS.ErrnoException).code;
        if (code) throw new UnreadableInputError(`${mappingArg}: ${describeFsError(error)}`);
        throw error;
      }
    } else {
      const [formatName, ...rest] = args.positionals;
      inputs = rest;
      if (!formatName)
        throw new UsageError(
          `name a format (${Object.keys(formats()).join(", ")}) or give --mapping <file>`,
          HINT,
        );
      canonical = ALIASES[formatName] ?? formatName;
      spec = formats()[canonical];
      if (!spec)
        throw new UsageError(
          `unknown import format '${formatName}' (one of ${Object.keys(formats()).join(", ")}; or --mapping <file>)`,
          HINT,
        );
    }
    if (inputs.length === 0)
      throw new UsageError(`parley import ${canonical} needs at least one input file`, HINT);
    const mentionArgs = (args.values.mentions as string[] | undefined) ?? [];
    if (mentionArgs.length > 0 && canonical !== "gdelt")
      throw new UsageError("--mentions is for the gdelt format only", HINT);
    const minRecords =
      typeof args.values["min-records"] === "string"
        ? parseMinRecords(args.values["min-records"])
        : undefined;
    const maxSkipped =
      typeof args.values["max-skipped"] === "string"
        ? parseSkipLimit(args.values["max-skipped"])
        : undefined;
    const lookupArgs = (args.values.lookup as string[] | undefined) ?? [];
    if (canonical === "gdelt" && spec.lookups?.mentions)
      lookupArgs.push(...mentionArgs.map((file) => `mentions=${file}`));
    const lookups: Record<string, string[]> = {};
    const lookupNames = Object.keys(spec.lookups ?? {});
    for (const arg of lookupArgs) {
      const equals = arg.indexOf("=");
      const name = equals > 0 ? arg.slice(0, equals) : "";
      const file = arg.slice(equals + 1);
      if (!name || !file) throw new UsageError(`--lookup takes name=file, not '${arg}'`, HINT);
      if (!lookupNames.includes(name))
        throw new UsageError(
          `${canonical} has no lookup '${name}'${lookupNames.length ? ` (its lookups: ${lookupNames.join(", ")})` : " (it declares no lookups)"}`,
          HINT,
        );
      lookups[name] = [
        ...(lookups[name] ?? []),
        ...(await expandImportInputs([file], spec.lookups?.[name] ?? [], ctx.cwd)),
      ];
    }
    const options: ImportCliOptions = {
      lookups,
      predicates: [],
      where: (args.values.where as string[] | undefined) ?? [],
      sessions: (args.values.session as string[] | undefined) ?? [],
      years: (args.values.year as string[] | undefined) ?? [],
    };
    if ((options.sessions.length > 0 || options.years.length > 0) && canonical !== "ungdc")
      throw new UsageError("--session and --year are for the ungdc format only", HINT);
    for (const key of ["since", "until"] as const) {
      const value = args.values[key];
      if (typeof value !== "string") continue;
      if (!/^\d{4}(?:-\d{2}(?:-\d{2})?)?$/.test(value))
        throw new UsageError(`--${key} takes a date YYYY, YYYY-MM or YYYY-MM-DD, not '${value}'`);
      options[key] = value;
    }

    // Inputs (and the files of folders) of a lookup's kind and not the source's go to that lookup:
    // ungdc's speech transcripts (.txt) beside the speakers table (.csv).
    const byLookup = Object.entries(spec.lookups ?? {}).map(
      ([name, endings]) =>
        [name, endings.filter((ending) => !spec.extensions.includes(ending))] as const,
    );
    const endingOf = (file: string) =>
      [...spec.extensions, ...byLookup.flatMap(([, endings]) => endings)].find((ending) =>
        file.toLowerCase().endsWith(ending.toLowerCase()),
      );
    const files: string[] = [];
    for (const file of await expandImportInputs(
      inputs,
      [...spec.extensions, ...byLookup.flatMap(([, endings]) => endings)],
      ctx.cwd,
    )) {
      const ending = endingOf(file);
      const lookup = byLookup.find(([, endings]) => ending && endings.includes(ending));
      if (lookup && !spec.extensions.includes(ending ?? "")) {
        const list = options.lookups[lookup[0]] ?? [];
        list.push(file);
        options.lookups[lookup[0]] = list;
      } else files.push(file);
    }
    if (canonical === "ungdc") {
      const selection = ungdcSelection(options.lookups.speeches ?? [], options);
      options.predicates.push(...importers().ungdcSelection(selection.sessions, selection.years));
    }
    const outputArg = typeof args.values.output === "string" ? args.values.output : undefined;
    const summaryArg =
      typeof args.values["summary-json"] === "string" ? args.values["summary-json"] : undefined;
    // Both outputs are opened before the import starts (a wrong path fails at once) and put in
    // place together at the end; a failure, a failed policy or Ctrl-C leaves neither.
    await withOutputs(async (outputs) => {
      const out = outputArg ? outputs.file(resolve(ctx.cwd, outputArg), outputArg) : undefined;
      const summary = summaryArg
        ? outputs.file(resolve(ctx.cwd, summaryArg), summaryArg)
        : undefined;
      const run = spec.start(files, options);
      try {
        await writeNdjson(run, spec.header, (line) =>
          out ? out.write(line) : ctx.stdout.write(line),
        );
      } catch (error) {
        if (error instanceof importers().ImportError) throw new UnreadableInputError(error.message);
        if (error instanceof CliError) throw error;
        const code = (error as NodeJS.ErrnoException).code;
        if (code)
          throw new UnreadableInputError(
            `${(error as { path?: string }).path ?? "input"}: ${describeFsError(error)}`,
          );
        throw error;
      }
      ctx.stderr.write(`${importers().formatSummary(run.summary)}\n`);
      // An import of nothing, or below the policy, fails: no output is put in place.
      const failure = importVerdict(run.summary, importers().skippedTotal(run.summary), {
        ...(minRecords !== undefined ? { minRecords } : {}),
        ...(maxSkipped ? { maxSkipped } : {}),
      });
      if (failure)
        throw new CliError(
          `import failed: ${failure}${outputArg ? `; ${outputArg} not written` : ""}`,
          ExitCode.Findings,
        );
      await summary?.write(`${JSON.stringify(run.summary, null, 2)}\n`);
    });
    if (outputArg) ctx.stderr.write(`wrote ${resolve(ctx.cwd, outputArg)}\n`);
    return ExitCode.Ok;
  },
};
