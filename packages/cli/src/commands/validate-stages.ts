/**
 * `parley validate --stage map|reduce|report`: the same validation as map and reduce stages,
 * for engines past one machine (Hadoop Streaming, Spark's RDD.pipe, Dask). Lines go from
 * stdout to the engine and from the engine to stdin; the contract is in
 * @parley/validator's stages/contract.ts and docs/distributed.md.
 *
 *   parley validate --stage map --range 0-67108864 data.ndjson \
 *     | LC_ALL=C sort | parley validate --stage reduce | parley validate --stage report
 */
import { once } from "node:events";
import { createReadStream, existsSync } from "node:fs";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import {
  compareStagedFindings,
  gatherStageResults,
  mapPart,
  reduceLines,
  type StagedFinding,
  StageInputError,
} from "@parley/validator/node";
import { linkSpool, stageOutcome } from "../bounded-validation";
import type { OptionSpec, OptionValues } from "../command";
import type { CliContext } from "../context";
import { CliError, describeFsError, UsageError } from "../errors";
import { ExitCode } from "../exit-codes";
import { FindingSpool } from "../finding-spool";
import { guardReads, openFile, STDIN_NAME } from "../inputs";
import type { InputOutcome } from "../run-inputs";
import { engineOptions } from "../validate-settings";
import { settingsFrom, writeReport } from "./validate";

const HINT = "Run 'parley validate --help' for its options; docs/distributed.md for the stages.";

export const STAGE_OPTIONS: Record<string, OptionSpec> = {
  stage: {
    type: "string",
    valueName: "<stage>",
    description:
      "Run one stage of a distributed validation (docs/distributed.md): map (one part of\none input → key<TAB>value lines), reduce (lines sorted with LC_ALL=C sort → the\nfindings across records), report (all reducers' output → the report).",
  },
  range: {
    type: "string",
    valueName: "<start>-<end>",
    description:
      "--stage map: validate the bytes [start, end) of the file; both ends move to the\nnext line start, so ranges that tile a file tile its lines.",
  },
  name: {
    type: "string",
    valueName: "<name>",
    description:
      "--stage map: the input's name in the report (default: the path as given, <stdin>).",
  },
  "input-index": {
    type: "string",
    valueName: "<n>",
    description:
      "--stage map: the input's position among the run's inputs (default 0); the report\nlists inputs in this order.",
  },
};

const STAGES = ["map", "reduce", "report"] as const;

export async function runStage(
  values: OptionValues,
  positionals: string[],
  ctx: CliContext,
): Promise<ExitCode> {
  const stage = String(values.stage);
  if (!(STAGES as readonly string[]).includes(stage)) {
    throw new UsageError(`--stage must be map, reduce or report, got '${stage}'`, HINT);
  }
  for (const option of ["range", "name", "input-index"])
    if (values[option] !== undefined && stage !== "map")
      throw new UsageError(`--${option} is an option of --stage map`, HINT);
  if (stage !== "report")
    for (const option of ["output", "max-findings", "max-findings-per-rule", "max-warnings"])
      if (values[option] !== undefined)
        throw new UsageError(`--${option} is an option of the report (--stage report)`, HINT);
  if (values["memory-budget"] !== undefined)
    throw new UsageError(
      "--memory-budget does not apply to a stage: each stage's memory is bounded already",
      HINT,
    );
  if (values.jobs !== undefined)
    throw new UsageError(
      "--jobs does not apply to a stage: the engine runs stages in parallel",
      HINT,
    );
  // The options every stage must share (config, schema version, input format) come from the
  // same parsing as a plain `parley validate`.
  const settings = await settingsFrom(
    values,
    positionals.length ? positionals : ["-"],
    ctx.cwd,
    false,
  );
  const options = engineOptions(settings);
  try {
    if (stage === "map") return await runMap(values, positionals, options, ctx);
    if (stage === "reduce") {
      await reduceLines(inputLines(positionals, ctx), writer(ctx));
      return ExitCode.Ok;
    }
    // The findings and the reference-cycle links go to the CLI's external sort as they arrive
    // (disk beyond 10,000 findings or 20,000 links per input): the report stage holds neither
    // the findings nor the records, and the links only as hashes until their check.
    const results = await gatherStageResults(
      inputLines(positionals, ctx),
      { ...options, newLinkStore: linkSpool },
      () => new FindingSpool<StagedFinding>(undefined, compareStagedFindings),
    );
    const outcomes: InputOutcome[] = results.map((r) => {
      const path = resolve(ctx.cwd, r.summary.file);
      return stageOutcome(r, r.summary.file !== STDIN_NAME && existsSync(path) ? path : undefined);
    });
    return await writeReport(settings, outcomes, ctx);
  } catch (error) {
    if (error instanceof StageInputError) throw new CliError(error.message, ExitCode.Usage, HINT);
    throw error;
  }
}

async function runMap(
  values: OptionValues,
  positionals: string[],
  options: Parameters<typeof mapPart>[0]["options"],
  ctx: CliContext,
): Promise<ExitCode> {
  if (positionals.length !== 1) {
    throw new UsageError(
      "--stage map reads one input: a file, or - for standard input (one part per process)",
      HINT,
    );
  }
  const arg = positionals[0] as string;
  const name = values.name === undefined ? (arg === "-" ? STDIN_NAME : arg) : String(values.name);
  const indexText = values["input-index"] === undefined ? "0" : String(values["input-index"]);
  if (!/^\d+$/.test(indexText))
    throw new UsageError(`--input-index must be a whole number, got '${indexText}'`, HINT);
  let range: { start: number; end: number } | undefined;
  if (values.range !== undefined) {
    const m = /^(\d+)-(\d+)$/.exec(String(values.range));
    if (!m || Number(m[1]) > Number(m[2]))
      throw new UsageError(
        `--range must be <start>-<end> in bytes with start <= end, got '${String(values.range)}'`,
        HINT,
      );
    if (arg === "-")
      throw new UsageError("--range needs a file: standard input is mapped whole", HINT);
    range = { start: Number(m[1]), end: Number(m[2]) };
  }
  const write = writer(ctx);
  if (arg === "-") {
    await mapPart(
      {
        file: name,
        inputIndex: Number(indexText),
        input: guardReads(ctx.stdin, STDIN_NAME),
        options,
      },
      write,
    );
    return ExitCode.Ok;
  }
  const path = resolve(ctx.cwd, arg);
  // Opened first: a missing file or a directory fails here, clearly (exit 3).
  const file = await openFile({ name: arg, path });
  try {
    await mapPart(
      {
        file: name,
        inputIndex: Number(indexText),
        path,
        ...(range ? { range } : { input: file.chunks }),
        options,
      },
      write,
    );
  } finally {
    await file.close();
  }
  return ExitCode.Ok;
}

/** Stage lines from the files named (`-` or none: standard input), one after the other. */
async function* inputLines(positionals: string[], ctx: CliContext): AsyncGenerator<string> {
  const sources = positionals.length ? positionals : ["-"];
  for (const source of sources) {
    let stream: Readable;
    if (source === "-") stream = ctx.stdin;
    else {
      const path = resolve(ctx.cwd, source);
      stream = createReadStream(path);
      try {
        await once(stream, "open");
      } catch (error) {
        throw new CliError(
          `cannot read '${source}': ${describeFsError(error)}`,
          ExitCode.Unreadable,
        );
      }
    }
    const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
    try {
      for await (const line of lines) yield line;
    } catch (error) {
      throw new CliError(`cannot read '${source}': ${describeFsError(error)}`, ExitCode.Unreadable);
    }
  }
}

/** Writes to stdout, waiting when the pipe is full (the next stage is slower than this one). */
function writer(ctx: CliContext): (text: string) => Promise<void> {
  const out = ctx.stdout as CliContext["stdout"] & Partial<NodeJS.WritableStream>;
  return async (text: string) => {
    if (out.write(text) === false && typeof out.once === "function") {
      await once(out as NodeJS.WritableStream, "drain");
    }
  };
}
