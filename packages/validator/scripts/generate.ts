/**
 * Writes src/generated/: one compiled fast-path module per version of the standard found in
 * @parley/schema's json-schema/<version>/ folders, and versions.gen.ts listing them.
 * Run with `npm run codegen -w @parley/validator` (turbo runs it before build).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generatedFiles } from "./sources";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = join(root, "src", "generated");
mkdirSync(outDir, { recursive: true });
for (const [name, text] of Object.entries(generatedFiles())) {
  writeFileSync(join(outDir, name), text);
  console.log(`wrote src/generated/${name}`);
}
