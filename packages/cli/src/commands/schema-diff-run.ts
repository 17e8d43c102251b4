import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, resolve } from "node:path";
import {
  buildDiffReport,
  diffSchemaDocuments,
  formatDiffReport,
  isKnownSchemaVersion,
  type JsonSchemaDocument,
  jsonSchemasFor,
  LATEST_SCHEMA_VERSION,
  SCHEMA_VERSIONS,
} from "@parley/schema";
import type { ParsedArgs } from "../command";
import type { CliContext } from "../context";
import { describeFsError, UnreadableInputError, UsageError } from "../errors";
import { ExitCode } from "../exit-codes";

const HINT = "Run 'parley schema diff --help' for its arguments.";
const SUFFIX = ".schema.json";

/**
 * One side of the comparison: a version this parley ships ('1.0', 'latest'), a folder of
 * `*.schema.json` files (a version's folder, or a draft of the next one), or one schema file.
 */
function loadSide(
  spec: string,
  ctx: CliContext,
): { label: string; documents: Record<string, JsonSchemaDocument> } {
  if (spec === "latest" || isKnownSchemaVersion(spec)) {
    const version = spec === "latest" ? LATEST_SCHEMA_VERSION : spec;
    return { label: version, documents: { ...jsonSchemasFor(version) } };
  }
  const path = resolve(ctx.cwd, spec);
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (error) {
    if (/^\d+\.\d+$/.test(spec)) {
      throw new UsageError(
        `'${spec}' is not a version this parley ships (${SCHEMA_VERSIONS.join(", ")})`,
        HINT,
      );
    }
    throw new UnreadableInputError(`${spec}: ${describeFsError(error)}`, HINT);
  }
  const files = isDirectory
    ? readdirSync(path)
        .filter((file) => file.endsWith(SUFFIX))
        .sort()
        .map((file) => resolve(path, file))
    : [path];
  if (files.length === 0)
    throw new UnreadableInputError(`${spec}: no *${SUFFIX} files in this folder`);
  const documents: Record<string, JsonSchemaDocument> = {};
  for (const file of files) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, "utf8"));
    } catch (error) {
      const reason =
        error instanceof SyntaxError ? `not valid JSON (${error.message})` : describeFsError(error);
      throw new UnreadableInputError(`${file}: ${reason}`);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new UnreadableInputError(`${file}: a JSON Schema document must be a JSON object`);
    }
    // Single files are compared with each other whatever their names.
    const name = isDirectory ? basename(file).slice(0, -SUFFIX.length) : "schema";
    documents[name] = parsed as JsonSchemaDocument;
  }
  return { label: spec, documents };
}

/** Runs `parley schema diff` (its options and help: ./schema-diff.ts). */
export async function runSchemaDiff(
  { values, positionals }: ParsedArgs,
  ctx: CliContext,
): Promise<ExitCode> {
  if (positionals.length !== 2) {
    throw new UsageError(
      `schema diff takes two versions, folders or files; got ${positionals.length}`,
      HINT,
    );
  }
  const [oldSide, newSide] = positionals.map((spec) => loadSide(spec, ctx));
  if (oldSide === undefined || newSide === undefined)
    throw new UsageError("schema diff needs <old> and <new>", HINT);
  const report = buildDiffReport(
    oldSide.label,
    newSide.label,
    diffSchemaDocuments(oldSide.documents, newSide.documents),
  );
  ctx.stdout.write(
    values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatDiffReport(report)}\n`,
  );
  return report.compatible ? ExitCode.Ok : ExitCode.Findings;
}
