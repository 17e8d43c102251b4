/**
 * Writes the JSON Schemas of the working version into json-schema/<version>/.
 * Released versions' folders are never rewritten: they are immutable, and a test checks that.
 * Run with `npm run codegen` (turbo runs it before build).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { allJsonSchemas, SCHEMA_VERSION } from "../src/index";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = join(root, "json-schema", SCHEMA_VERSION);
mkdirSync(outDir, { recursive: true });
for (const [name, schema] of Object.entries(allJsonSchemas())) {
  writeFileSync(join(outDir, `${name}.schema.json`), `${JSON.stringify(schema, null, 2)}\n`);
}
console.log(`wrote JSON Schemas for Parley ${SCHEMA_VERSION} to ${outDir}`);
