import { resolve } from "node:path";
import {
  type InputFormat,
  REPORT_FORMATS,
  type ReportFormat,
  SUPPORTED_SCHEMA_VERSIONS,
  type ValidationSummary,
} from "@parley/validator";
import { defaultMemoryBudgetMb } from "../bounded-validation";
import type { Command, OptionValues } from "../command";
import { CONFIG_FILE_NAME, type ResolvedConfig, resolveConfig } from "../config";
import type { CliContext } from "../context";
import { UsageError } from "../errors";
import { ExitCode } from "../exit-codes";
import { inputSpecs, STDIN_NAME } from "../inputs";
import { autoJobsForFiles } from "../jobs-auto";
import type { ProgressDisplay } from "../progress";
import {
  fileSink,
  REPORT_WORKER_MIN_FINDINGS,
  type ReportedInput,
  type ReportTarget,
  streamReports,
  streamSink,
} from "../report-stream";
import { type InputOutcome, validateInputs } from "../run-inputs";
import type { OutputTarget, ValidateSettings } from "../validate-settings";
import { versionText } from "../version";
import { runStage, STAGE_OPTIONS } from "./validate-stages";

const HINT = "Run 'parley validate --help' for its options.";

/** Report file extensions, for `--output report.sarif` without a `format=` prefix. */
const FORMAT_BY_EXTENSION: ReadonlyArray<readonly [RegExp, ReportFormat]> = [
  [/\.sarif(\.json)?$/i, "sarif"],
  [/\.xml$/i, "junit"],
  [/\.json$/i, "json"],
  [/\.txt$/i, "pretty"],
];

function parseFormat(value: string, what: string): ReportFormat {
  if ((REPORT_FORMATS as readonly string[]).includes(value)) return value as ReportFormat;
  throw new UsageError(
    `${what}: unknown report format '${value}' (one of ${REPORT_FORMATS.join(", ")})`,
    HINT,
  );
}

function parseOutput(value: string, cwd: string): OutputTarget {
  const eq = value.indexOf("=");
  if (eq > 0 && (REPORT_FORMATS as readonly string[]).includes(value.slice(0, eq))) {
    const path = value.slice(eq + 1);
    if (!path) throw new UsageError(`--output ${value}: the file name is missing`, HINT);
    return { format: value.slice(0, eq) as ReportFormat, path: resolve(cwd, path) };
  }
  if (eq > 0 && !value.slice(0, eq).includes("/") && !value.slice(0, eq).includes(".")) {
    parseFormat(value.slice(0, eq), `--output ${value}`);
  }
  const byExtension = FORMAT_BY_EXTENSION.find(([pattern]) => pattern.test(value));
  if (!byExtension) {
    throw new UsageError(
      `--output ${value}: say which format to write, e.g. --output sarif=${value}`,
      HINT,
    );
  }
  return { format: byExtension[1], path: resolve(cwd, value) };
}

/** A count from the command line: a whole number of 0 or more (1 or more with `min: 1`). */
function parseCount(values: OptionValues, name: string, min = 0): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const text = String(raw);
  if (!/^\d+$/.test(text) || Number(text) < min || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`--${name} must be a whole number of ${min} or more, got '${text}'`, HINT);
  }
  return Number(text);
}

/** --memory-budget: megabytes, or `none` (always in memory); the default depends on --jobs. */
function parseMemoryBudget(values: OptionValues, jobs: number): number {
  const raw = values["memory-budget"];
  if (raw === undefined) return defaultMemoryBudgetMb(jobs);
  const text = String(raw);
  if (text === "none") return Number.POSITIVE_INFINITY;
  if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text)))
    throw new UsageError(
      `--memory-budget must be a whole number of megabytes (1 or more) or none, got '${text}'`,
      HINT,
    );
  return Number(text);
}

export async function settingsFrom(
  values: OptionValues,
  positionals: string[],
  cwd: string,
  stderrIsTty: boolean,
): Promise<ValidateSettings> {
  if (positionals.length === 0) {
    throw new UsageError("no input given: name one or more files, or - for standard input", HINT);
  }
  if (positionals.filter((p) => p === "-").length > 1) {
    throw new UsageError("standard input (-) can be read only once", HINT);
  }
  const stdoutFormat = parseFormat(String(values.format ?? "pretty"), "--format");
  const outputs = ((values.output as string[] | undefined) ?? []).map((o) => parseOutput(o, cwd));
  const seen = new Set<string>();
  for (const output of outputs) {
    if (seen.has(output.path)) {
      throw new UsageError(`--output: two reports would be written to '${output.path}'`, HINT);
    }
    seen.add(output.path);
  }
  const { config } = await configFor(values, cwd);
  const inputFormat = String(values["input-format"] ?? "auto");
  if (!["auto", "json", "ndjson"].includes(inputFormat)) {
    throw new UsageError(`--input-format must be auto, json or ndjson, got '${inputFormat}'`, HINT);
  }
  const schemaVersion =
    (values["schema-version"] as string | undefined) ?? config.defaultSchemaVersion;
  if (schemaVersion !== undefined && !SUPPORTED_SCHEMA_VERSIONS.includes(schemaVersion)) {
    throw new UsageError(
      `--schema-version: this parley knows the standard versions ${SUPPORTED_SCHEMA_VERSIONS.join(", ")}, not '${schemaVersion}'`,
      HINT,
    );
  }
  const maxFindings = parseCount(values, "max-findings") ?? config.maxFindings;
  const maxFindingsPerRule =
    parseCount(values, "max-findings-per-rule") ?? config.maxFindingsPerRule;
  const inputs = inputSpecs(positionals, cwd);
  const splitThreshold = parseCount(values, "split-threshold", 1);
  const jobs =
    values.jobs === "auto"
      ? autoJobsForFiles(inputs, inputFormat as InputFormat | "auto", splitThreshold)
      : (parseCount(values, "jobs", 1) ?? 1);
  return {
    inputs,
    stdoutFormat,
    outputs,
    options: {
      format: inputFormat as InputFormat | "auto",
      ...(config.rules ? { rules: config.rules } : {}),
      ...(config.limits ? { limits: config.limits } : {}),
      ...(maxFindings !== undefined ? { maxFindings } : {}),
      ...(maxFindingsPerRule !== undefined ? { maxFindingsPerRule } : {}),
      ...(schemaVersion !== undefined ? { defaultSchemaVersion: schemaVersion } : {}),
      ...(values["no-fast-path"] ? { fastPath: false } : {}),
    },
    maxWarnings: parseCount(values, "max-warnings") ?? config.maxWarnings,
    jobs,
    splitThreshold,
    memoryBudgetMb: parseMemoryBudget(values, jobs),
    progress: stderrIsTty && !values["no-progress"],
  };
}

/** The config of a run: --config, else the nearest parley.config.json unless --no-config. */
function configFor(values: OptionValues, cwd: string): Promise<ResolvedConfig> {
  return resolveConfig(
    typeof values.config === "string" ? values.config : undefined,
    !values["no-config"],
    cwd,
  );
}

/**
 * Streams the report to stdout and to every --output file at once (see streamReports). Report
 * files are written as temporary siblings and renamed into place only when complete.
 */
async function writeReports(
  settings: ValidateSettings,
  inputs: ReportedInput[],
  unreadable: { file: string; message: string }[],
  ctx: CliContext,
): Promise<ValidationSummary[]> {
  const targets: ReportTarget[] = [
    {
      format: settings.stdoutFormat,
      sink: streamSink(ctx.stdout),
      pretty: { colors: ctx.colors, columns: ctx.stdout.columns },
    },
  ];
  try {
    // Opened before anything is written: an unwritable report path fails at once (exit 3).
    for (const output of settings.outputs) {
      targets.push({ format: output.format, sink: fileSink(output.path) });
    }
    const tool = {
      name: "parley",
      version: versionText().short,
      informationUri: "https://parley.dev",
    };
    const summaries = await streamReports(inputs, { tool, unreadable }, targets, settings.options, {
      threads: settings.jobs,
      workerMinFindings: reportWorkerMinFindings(ctx.env),
      ...(ctx.env.PARLEY_DEBUG && {
        onWorker: () => ctx.stderr.write("parley: the report is formatted on a worker thread\n"),
      }),
    });
    for (const target of targets) await target.sink.end();
    return summaries;
  } catch (error) {
    await Promise.all(targets.map((target) => target.sink.abort()));
    throw error;
  }
}

/** `PARLEY_REPORT_WORKER_MIN_FINDINGS` (a count), else the default (see streamReports). */
function reportWorkerMinFindings(env: CliContext["env"]): number {
  const given = env.PARLEY_REPORT_WORKER_MIN_FINDINGS;
  const count = given === undefined || given === "" ? Number.NaN : Number(given);
  return Number.isInteger(count) && count >= 0 ? count : REPORT_WORKER_MIN_FINDINGS;
}

export const validate: Command = {
  name: "validate",
  summary:
    "Check datasets (JSON, NDJSON, gzip, CSV tables) and report every problem with its position",
  usage: "parley validate [options] <files…|tables-dir|->",
  description: `Validates each input against the version of the standard it declares
(schemaVersion): JSON well-formedness and limits, the schema, and the dataset rules across
records (unique ids, references, dates, code lists). Every problem of every record is reported
with file:line:column, rule id and JSON Pointer. Inputs are JSON documents or NDJSON, optionally
gzip-compressed (detected from the bytes); '-' reads standard input. A directory is read as
the CSV table form of a dataset (docs/csv-tables.md), and findings point at table, row and column.

Report formats: pretty (for people, with code frames), json (documented by its JSON Schema),
sarif (SARIF 2.1.0, for code-scanning tools), github (GitHub Actions annotations), junit
(JUnit XML for CI test reports).`,
  options: {
    format: {
      type: "string",
      short: "f",
      valueName: "<format>",
      description: `Report format on stdout: ${REPORT_FORMATS.join(", ")} (default pretty).`,
    },
    output: {
      type: "string",
      short: "o",
      multiple: true,
      valueName: "<format>=<file>",
      description:
        "Also write a report to a file; repeatable. The format may be left out for\n.sarif, .json, .xml (junit) and .txt (pretty) files.",
    },
    config: {
      type: "string",
      short: "c",
      valueName: "<file>",
      description:
        'JSON config: per-rule severity or "off" ({"rules": {...}}), maxFindings,\nmaxFindingsPerRule, maxWarnings, limits, defaultSchemaVersion. Flags win.',
    },
    "no-config": {
      type: "boolean",
      description: `Do not look for ${CONFIG_FILE_NAME} (by default the nearest one from the\nworking directory upward is used, as ESLint and Biome do).`,
    },
    "print-config": {
      type: "boolean",
      description: "Print the config in effect and the file it came from (JSON), and exit.",
    },
    "max-findings": {
      type: "string",
      valueName: "<n>",
      description: "Report at most n findings in all (the summary still counts every one).",
    },
    "max-findings-per-rule": {
      type: "string",
      valueName: "<n>",
      description: "Report at most n findings of each rule (the summary still counts all).",
    },
    "max-warnings": {
      type: "string",
      valueName: "<n>",
      description: "Exit with 1 when there are more than n warnings (default: no limit).",
    },
    jobs: {
      type: "string",
      short: "j",
      valueName: "<n|auto>",
      description:
        "Worker threads (default 1): spread over the inputs and over chunks of a large\nNDJSON file. The report is the same as with --jobs 1. auto: as many as pay now\n(1 unless two cores are free and there are two pieces of work of 32 MiB).",
    },
    "split-threshold": {
      type: "string",
      valueName: "<bytes>",
      description:
        "With --jobs, cut one NDJSON file into parts of at least this many bytes (default\n33554432, 32 MiB), as many as --jobs allows: smaller parts are not worth a thread.",
    },
    "input-format": {
      type: "string",
      valueName: "<format>",
      description:
        "How to read the inputs: auto (default: detected from the content), json, ndjson.",
    },
    "schema-version": {
      type: "string",
      valueName: "<version>",
      description: `Version of the standard for inputs that declare none (known: ${SUPPORTED_SCHEMA_VERSIONS.join(", ")}).`,
    },
    "memory-budget": {
      type: "string",
      valueName: "<MB|none>",
      description:
        "A threshold in MB (default 200; 400 with --jobs 2 or more), not a limit: a file\nwhose in-memory peak, estimated from its size, is over it goes through the map,\nsort and reduce stages in this process, the sort on disk (TMPDIR): same report,\nabout 6 × the CPU. none: always in memory.",
    },
    "no-progress": {
      type: "boolean",
      description: "No progress bar (it is shown only when stderr is a terminal).",
    },
    "no-fast-path": {
      type: "boolean",
      description:
        "Parse every NDJSON record with JSON.parse and the compiled checks instead of first\nscanning its bytes (the byte-level fast path; same findings, slower).",
    },
    ...STAGE_OPTIONS,
  },
  examples: [
    "parley validate examples/seed/seed.json",
    "parley validate data/*.ndjson.gz --jobs 2",
    "cat events.ndjson | parley validate -",
    "parley validate data.ndjson --format pretty --output sarif=report.sarif --output json=out.json",
    "parley validate data.ndjson --format github --max-warnings 0",
  ],
  showsExitCodes: true,

  async run({ values, positionals }, ctx) {
    if (values["print-config"]) {
      const resolved = await configFor(values, ctx.cwd);
      ctx.stdout.write(
        `${JSON.stringify({ configFile: resolved.path ?? null, origin: resolved.origin, config: resolved.config }, null, 2)}\n`,
      );
      return ExitCode.Ok;
    }
    if (values.stage !== undefined) return runStage(values, positionals, ctx);
    const settings = await settingsFrom(values, positionals, ctx.cwd, ctx.stderr.isTTY === true);
    const wantsFrames =
      settings.stdoutFormat === "pretty" || settings.outputs.some((o) => o.format === "pretty");

    // The bar's library loads only for a terminal that shows it.
    const Display = settings.progress ? (await import("../progress")).ProgressDisplay : undefined;
    let progress: ProgressDisplay | undefined;
    let outcomes: InputOutcome[];
    try {
      outcomes = await validateInputs(settings, ctx.stdin, {
        keepStdin: wantsFrames,
        onStart: (totalBytes) => {
          if (!Display) return;
          progress = new Display(ctx.stderr, totalBytes);
          progress.start();
        },
        onProgress: (input, bytes, records) => progress?.update(input, bytes, records),
      });
    } finally {
      progress?.stop();
    }

    return writeReport(settings, outcomes, ctx);
  },
};

/**
 * Writes the report of validated inputs (stdout and --output files) and returns the exit code.
 * `parley validate --stage report` ends here too, so that the stages and one process print the
 * same bytes.
 */
export async function writeReport(
  settings: ValidateSettings,
  outcomes: InputOutcome[],
  ctx: CliContext,
): Promise<ExitCode> {
  const wantsFrames =
    settings.stdoutFormat === "pretty" || settings.outputs.some((o) => o.format === "pretty");
  try {
    const unreadable: { file: string; message: string }[] = [];
    const inputs: ReportedInput[] = [];
    for (const outcome of outcomes) {
      if (outcome.kind === "unreadable") {
        unreadable.push({ file: outcome.name, message: outcome.message });
        // Also on stderr: a report on stdout may be JSON that nobody reads in a terminal.
        const c = ctx.errColors;
        ctx.stderr.write(`${c.red(c.bold("parley:"))} ${outcome.message}\n`);
      } else {
        inputs.push({
          summary: outcome.summary,
          findings: outcome.findings,
          ...(wantsFrames && outcome.sourcePath
            ? { source: { path: outcome.sourcePath, gzip: outcome.summary.compressed } }
            : {}),
        });
      }
    }
    const summaries = await writeReports(settings, inputs, unreadable, ctx);
    if (unreadable.length > 0) return ExitCode.Unreadable;
    const errors = summaries.reduce((n, s) => n + s.counts.error, 0);
    const warnings = summaries.reduce((n, s) => n + s.counts.warning, 0);
    if (errors > 0) return ExitCode.Findings;
    if (settings.maxWarnings !== undefined && warnings > settings.maxWarnings) {
      const c = ctx.errColors;
      ctx.stderr.write(
        `${c.yellow(c.bold("parley:"))} ${warnings} warnings, more than --max-warnings ${settings.maxWarnings} allows\n`,
      );
      return ExitCode.Findings;
    }
    return ExitCode.Ok;
  } finally {
    await Promise.all(outcomes.map((o) => o.dispose?.()));
  }
}

export { STDIN_NAME };
