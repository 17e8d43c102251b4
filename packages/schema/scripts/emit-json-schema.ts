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
import { allJsonSchemas, SCHEMA_VERSION } from "../src/index";
import { renderJsonSchemaIndex } from "./json-schema-index";
import { readManifest } from "./released-manifest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const jsonSchemaDir = join(root, "json-schema");
const outDir = join(jsonSchemaDir, SCHEMA_VERSION);
const rendered = Object.entries(allJsonSchemas()).map(([name, schema]) => ({
  path: join(outDir, `${name}.schema.json`),
  text: `${JSON.stringify(schema, null, 2)}\n`,
}));

if (readManifest(jsonSchemaDir).versions[SCHEMA_VERSION]) {
  const stale = rendered.filter(
    (file) => !existsSync(file.path) || readFileSync(file.path, "utf8") !== file.text,
  );
  if (stale.length > 0) {
    console.error(
      [
        `Parley ${SCHEMA_VERSION} is released: json-schema/${SCHEMA_VERSION}/ is frozen, but the zod model no longer produces`,
        ...stale.map((file) => `  ${file.path}`),
        "Change the standard in a new version instead: set SCHEMA_VERSION in src/version.ts to the next minor",
        "(compatible change) or major (breaking change), run codegen again, and add a changeset (see CONTRIBUTING.md).",
      ].join("\n"),
    );
    process.exit(1);
  }
  console.log(`Parley ${SCHEMA_VERSION} is released; its JSON Schemas are unchanged`);
} else {
  mkdirSync(outDir, { recursive: true });
  for (const file of rendered) writeFileSync(file.path, file.text);
  console.log(`wrote JSON Schemas for Parley ${SCHEMA_VERSION} to ${outDir}`);
}

const indexPath = join(root, "src", "generated", "json-schemas.ts");
mkdirSync(dirname(indexPath), { recursive: true });
writeFileSync(indexPath, renderJsonSchemaIndex(jsonSchemaDir));
