import { once } from "node:events";
import { extname, resolve } from "node:path";
import {
  createMigration,
  isKnownSchemaVersion,
  LATEST_SCHEMA_VERSION,
  type Migration,
  type MigrationReport,
  SCHEMA_VERSIONS,
  summarizeMoves,
} from "@parley/schema";
import { openAtomicFile } from "../atomic-output";
import type { ParsedArgs } from "../command";
import type { CliContext } from "../context";
import { oneLine, UnreadableInputError, UsageError } from "../errors";
import { ExitCode } from "../exit-codes";
import { type InputSpec, inputSpecs } from "../inputs";
import {
  deepestNesting,
  emptyInputMessage,
  MAX_DATASET_NESTING,
  nestingMessage,
  textLines,
} from "../text-input";

type JsonObject = Record<string, unknown>;

const HINT = "Run 'parley migrate --help' for its options.";

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Where a dataset's text comes from and what to call it in messages. */
type Input = {
  name: string;
  /** Its lines, read as every command reads an input (gzip, byte order mark, UTF-8). */
  lines: () => AsyncGenerator<string>;
  format: "json" | "ndjson" | undefined;
};

function inputFor(path: string, ctx: CliContext, format: string | undefined): Input {
  const declared = format === "json" || format === "ndjson" ? format : undefined;
  if (format !== undefined && declared === undefined) {
    throw new UsageError(`--format must be 'json' or 'ndjson', not '${format}'`, HINT);
  }
  const [spec] = inputSpecs([path], ctx.cwd) as [InputSpec];
  const onBom = (message: string) => ctx.stderr.write(`parley: note: ${message}\n`);
  const lines = () => textLines(spec, ctx.stdin, { onBom });
  if (spec.path === undefined) return { name: spec.name, lines, format: declared };
  // The name says the form unless it is compressed: data.ndjson.gz is NDJSON too.
  const extension = extname(spec.path.replace(/\.gz$/i, "")).toLowerCase();
  const byExtension =
    extension === ".ndjson" || extension === ".jsonl"
      ? "ndjson"
      : extension === ".json"
        ? "json"
        : undefined;
  return { name: spec.name, lines, format: declared ?? byExtension };
}

/**
 * Where the upgraded dataset goes: stdout, or a file written under a temporary name beside its
 * target and renamed at the end. `write` waits when the destination is full, so memory stays
 * flat however large the dataset.
 */
type Output = { write(chunk: string): Promise<void>; commit(): Promise<void>; abandon(): void };

type Drainable = {
  write(chunk: string): unknown;
  once?: (event: "drain", listener: () => void) => unknown;
};

async function writeTo(destination: Drainable, chunk: string): Promise<void> {
  if (destination.write(chunk) === false && typeof destination.once === "function") {
    await once(destination as unknown as NodeJS.EventEmitter, "drain");
  }
}

function outputFor(path: string | undefined, ctx: CliContext): Output {
  if (path === undefined || path === "-") {
    return {
      write: (chunk) => writeTo(ctx.stdout, chunk),
      commit: async () => {},
      abandon: () => {},
    };
  }
  // A failed or interrupted migration never leaves half a dataset where the user expects a whole one.
  const file = openAtomicFile(resolve(ctx.cwd, path), path);
  return {
    write: (chunk) => file.write(chunk),
    commit: () => file.commit(),
    abandon: file.abandon,
  };
}

/** Refuses JSON nested deeper than a dataset may be, before anything walks it recursively. */
function checkNesting(text: string, input: Input, firstLine: number): void {
  const deep = deepestNesting(text, MAX_DATASET_NESTING);
  if (deep)
    throw new UnreadableInputError(
      `${input.name}:${firstLine + deep.line - 1}: ${nestingMessage()}; nothing was migrated`,
    );
}

function parseLine(text: string, input: Input, line: number): JsonObject {
  checkNesting(text, input, line);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UnreadableInputError(
      `${input.name}:${line}: not a JSON value (${oneLine((error as Error).message)}); nothing was migrated past this line`,
    );
  }
  if (!isObject(value)) {
    throw new UnreadableInputError(`${input.name}:${line}: each NDJSON line must be a JSON object`);
  }
  return value;
}

/** Line and column of a character offset, for a JSON.parse error in a whole document. */
function position(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return `${line}:${offset - before.lastIndexOf("\n")}`;
}

class Migrator {
  private readonly migrations = new Map<string, Migration>();
  readonly reports: MigrationReport[] = [];

  constructor(
    readonly to: string,
    private readonly fallbackFrom: string | undefined,
  ) {}

  /** The migration from `from` to the target, created once per source version. */
  migrationFrom(from: string | undefined, where: string): Migration {
    const version = from ?? this.fallbackFrom;
    if (version === undefined) {
      throw new UsageError(
        `${where}: the data does not say which version of the standard it follows (no schemaVersion)`,
        "Give it with --from <version>.",
      );
    }
    if (!isKnownSchemaVersion(version)) {
      throw new UsageError(
        `${where}: schemaVersion '${version}' is not a version this parley knows (${SCHEMA_VERSIONS.join(", ")})`,
        "A newer version needs a newer @parley/cli.",
      );
    }
    let migration = this.migrations.get(version);
    if (migration === undefined) {
      try {
        migration = createMigration(version, this.to);
      } catch (error) {
        throw new UsageError(`${where}: ${(error as Error).message}`, HINT);
      }
      this.migrations.set(version, migration);
    }
    return migration;
  }

  record(record: JsonObject, datasetVersion: string | undefined, where: string): JsonObject {
    const own = typeof record.schemaVersion === "string" ? record.schemaVersion : undefined;
    return this.migrationFrom(own ?? datasetVersion, where).record(record);
  }

  finish(): MigrationReport[] {
    return [...this.migrations.values()].map((migration) => migration.report());
  }
}

async function migrateNdjson(input: Input, migrator: Migrator, out: Output): Promise<void> {
  let lineNumber = 0;
  let datasetVersion: string | undefined;
  let first = true;
  for await (const text of input.lines()) {
    lineNumber += 1;
    if (text.trim() === "") continue;
    const value = parseLine(text, input, lineNumber);
    const where = `${input.name}:${lineNumber}`;
    if (first && value.type === "dataset") {
      datasetVersion = typeof value.schemaVersion === "string" ? value.schemaVersion : undefined;
      const header = migrator.migrationFrom(datasetVersion, where).header(value);
      await out.write(`${JSON.stringify(header)}\n`);
    } else {
      await out.write(`${JSON.stringify(migrator.record(value, datasetVersion, where))}\n`);
    }
    first = false;
  }
  if (first) throw new UnreadableInputError(emptyInputMessage(input.name));
}

async function migrateDocument(
  text: string,
  input: Input,
  migrator: Migrator,
  out: Output,
): Promise<void> {
  if (text.trim() === "") throw new UnreadableInputError(emptyInputMessage(input.name));
  checkNesting(text, input, 1);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const offset = /position (\d+)/.exec(message)?.[1];
    throw new UnreadableInputError(
      `${input.name}${offset === undefined ? "" : `:${position(text, Number(offset))}`}: not valid JSON (${oneLine(message)})`,
    );
  }
  if (!isObject(document) || !Array.isArray(document.records)) {
    throw new UnreadableInputError(
      `${input.name}: a JSON dataset is an object with schemaVersion and a records array`,
    );
  }
  const { records, ...metadata } = document;
  const datasetVersion =
    typeof metadata.schemaVersion === "string" ? metadata.schemaVersion : undefined;
  const header = migrator.migrationFrom(datasetVersion, input.name).header(metadata);
  // Written record by record in the layout of JSON.stringify(document, null, 2), metadata first.
  const indented = (value: unknown, indent: string) =>
    JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);
  const members = Object.entries(header).map(
    ([key, value]) => `  ${JSON.stringify(key)}: ${indented(value, "  ")}`,
  );
  await out.write(`{\n${[...members, '  "records": ['].join(",\n")}`);
  for (const [index, record] of records.entries()) {
    const where = `${input.name}: records[${index}]`;
    if (!isObject(record))
      throw new UnreadableInputError(`${where}: a record must be a JSON object`);
    const upgraded = migrator.record(record, datasetVersion, where);
    await out.write(`${index === 0 ? "" : ","}\n    ${indented(upgraded, "    ")}`);
  }
  await out.write(`${records.length > 0 ? "\n  " : ""}]\n}\n`);
}

/** The whole input as text (a JSON document is one value: it cannot be cut before parsing). */
async function readAll(input: Input): Promise<string> {
  const parts: string[] = [];
  for await (const line of input.lines()) parts.push(line);
  return parts.join("\n");
}

export function describeMigrationReports(
  reports: MigrationReport[],
  to: string,
  output: string,
): string {
  const lines: string[] = [];
  for (const report of reports) {
    const route =
      report.steps.length === 0
        ? "already at that version"
        : report.steps.map((s) => `${s.from} → ${s.to}`).join(", ");
    lines.push(
      `parley migrate: ${report.records} record${report.records === 1 ? "" : "s"} from ${report.from} to ${to} (${route}) → ${output}`,
    );
    for (const step of report.steps) lines.push(`  ${step.from} → ${step.to}: ${step.summary}`);
    const moves = summarizeMoves(report.moved);
    const kept = moves.filter((move) => move.reason === "no-place");
    const renamed = moves.filter((move) => move.reason === "renamed");
    for (const move of renamed)
      lines.push(
        `  renamed ${move.from} → ${move.to} in ${move.count} place${move.count === 1 ? "" : "s"}`,
      );
    for (const move of kept) {
      lines.push(
        `  kept in extensions: ${move.from} → ${move.to} (${move.count} value${move.count === 1 ? "" : "s"}; ${to} has no place for it)`,
      );
    }
    if (kept.length === 0) lines.push("  nothing was moved to extensions; no value was dropped");
  }
  return `${lines.join("\n")}\n`;
}

/** Runs `parley migrate` (its options and help: ./migrate.ts). */
export async function runMigrate(
  { values, positionals }: ParsedArgs,
  ctx: CliContext,
): Promise<ExitCode> {
  const requested = typeof values.to === "string" ? values.to : undefined;
  if (requested === undefined) throw new UsageError("migrate needs --to <version>", HINT);
  const to = requested === "latest" ? LATEST_SCHEMA_VERSION : requested;
  if (!isKnownSchemaVersion(to)) {
    throw new UsageError(
      `--to ${requested}: not a version this parley knows (${SCHEMA_VERSIONS.join(", ")})`,
      HINT,
    );
  }
  const from = typeof values.from === "string" ? values.from : undefined;
  if (from !== undefined && !isKnownSchemaVersion(from)) {
    throw new UsageError(
      `--from ${from}: not a version this parley knows (${SCHEMA_VERSIONS.join(", ")})`,
      HINT,
    );
  }
  const reportForm = values.report ?? "text";
  if (reportForm !== "text" && reportForm !== "json") {
    throw new UsageError(`--report must be 'text' or 'json', not '${String(reportForm)}'`, HINT);
  }
  if (positionals.length !== 1) {
    throw new UsageError(
      `migrate takes one input file (or - for stdin), got ${positionals.length}`,
      HINT,
    );
  }
  const input = inputFor(
    positionals[0] as string,
    ctx,
    typeof values.format === "string" ? values.format : undefined,
  );
  const outputPath = typeof values.output === "string" ? values.output : undefined;
  const migrator = new Migrator(to, from);
  const output = outputFor(outputPath, ctx);
  try {
    let format = input.format;
    let text: string | undefined;
    if (format === undefined) {
      // Sniff: NDJSON when the first line is a whole JSON object on its own.
      text = await readAll(input);
      const firstLine = text.split("\n").find((line) => line.trim() !== "") ?? "";
      let firstIsWhole = false;
      try {
        firstIsWhole = isObject(JSON.parse(firstLine));
      } catch {
        firstIsWhole = false;
      }
      format = firstIsWhole && text.trim() !== firstLine.trim() ? "ndjson" : "json";
    }
    if (format === "ndjson") {
      const source = text;
      await migrateNdjson(
        source === undefined ? input : { ...input, lines: () => linesOf(source) },
        migrator,
        output,
      );
    } else {
      await migrateDocument(text ?? (await readAll(input)), input, migrator, output);
    }
    await output.commit();
  } catch (error) {
    output.abandon();
    throw error;
  }
  const reports = migrator.finish();
  if (reportForm === "json") {
    ctx.stderr.write(`${JSON.stringify({ to, reports }, null, 2)}\n`);
  } else {
    ctx.stderr.write(describeMigrationReports(reports, to, outputPath ?? "stdout"));
  }
  return ExitCode.Ok;
}

/** The text already read while sniffing its form, as lines again, so NDJSON has one code path. */
async function* linesOf(text: string): AsyncGenerator<string> {
  yield* text.split("\n");
}
