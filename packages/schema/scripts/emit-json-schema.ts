/**
 * Writes the JSON Schemas of the working version into json-schema/<version>/, and the index
 * that bundles every version's schemas (src/generated/json-schemas.ts).
 * Released versions' folders are never rewritten: they are immutable (json-schema/released.json
 * holds their hashes, and a test checks them). When the working version is a released one and
 * the model no longer produces its files, this script stops and says what to do.
 * Run with `npm run codegen` (turbo runs it before build).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { allJsonSchemas, type JsonSchemaDocument, SCHEMA_VERSION } from "../src/index";
import { renderJsonSchemaIndex } from "./json-schema-index";
import { readManifest } from "./released-manifest";

export type EmitOutcome =
  | { status: "written"; files: string[] }
  | { status: "unchanged" }
  | { status: "refused"; stale: string[]; message: string };

/**
 * Writes `schemas` as json-schema/<version>/ unless <version> is released; a released version
 * is only compared, and a difference is refused with the way out.
 */
export function emitVersion(
  jsonSchemaDir: string,
  version: string,
  schemas: Record<string, JsonSchemaDocument>,
): EmitOutcome {
  const outDir = join(jsonSchemaDir, version);
  const rendered = Object.entries(schemas).map(([name, schema]) => ({
    path: join(outDir, `${name}.schema.json`),
    text: `${JSON.stringify(schema, null, 2)}\n`,
  }));
  if (readManifest(jsonSchemaDir).versions[version]) {
    const stale = rendered
      .filter((file) => !existsSync(file.path) || readFileSync(file.path, "utf8") !== file.text)
      .map((file) => file.path);
    if (stale.length === 0) return { status: "unchanged" };
    const message = [
      `Parley ${version} is released: json-schema/${version}/ is frozen, but the zod model no longer produces`,
      ...stale.map((path) => `  ${path}`),
      "Change the standard in a new version instead: set SCHEMA_VERSION in src/version.ts to the next minor",
      "(compatible change) or major (breaking change), run codegen again, and add a changeset (see CONTRIBUTING.md).",
    ].join("\n");
    return { status: "refused", stale, message };
  }
  mkdirSync(outDir, { recursive: true });
  for (const file of rendered) writeFileSync(file.path, file.text);
  return { status: "written", files: rendered.map((file) => file.path) };
}

const isMain = process.argv[1] === fileURLToPath(import.meta.url);
if (isMain) {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  const jsonSchemaDir = join(root, "json-schema");
  const outcome = emitVersion(jsonSchemaDir, SCHEMA_VERSION, allJsonSchemas());
  if (outcome.status === "refused") {
    console.error(outcome.message);
    process.exit(1);
  }
  console.log(
    outcome.status === "written"
      ? `wrote JSON Schemas for Parley ${SCHEMA_VERSION} to ${join(jsonSchemaDir, SCHEMA_VERSION)}`
      : `Parley ${SCHEMA_VERSION} is released; its JSON Schemas are unchanged`,
  );
  const indexPath = join(root, "src", "generated", "json-schemas.ts");
  mkdirSync(dirname(indexPath), { recursive: true });
  writeFileSync(indexPath, renderJsonSchemaIndex(jsonSchemaDir));
}
