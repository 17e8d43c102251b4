#!/usr/bin/env -S npx tsx
/**
 * parley-codegen --out <dir> [--schema <module>] [--schema-import <specifier>] [--runtime-import <specifier>] [--check]
 *
 * Loads the schema module (default @parley/schema; a path is resolved from the working
 * directory), generates the SDK's generated layer and writes it to <dir>, removing stale
 * *.gen.ts files there. With --check it writes nothing and exits 1 if <dir> differs.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { z } from "zod";
import { generate } from "./index";

const { values } = parseArgs({
  options: {
    out: { type: "string" },
    schema: { type: "string", default: "@parley/schema" },
    "schema-import": { type: "string" },
    "runtime-import": { type: "string" },
    check: { type: "boolean", default: false },
  },
});

if (!values.out) {
  console.error("parley-codegen: --out <dir> is required");
  process.exit(2);
}
const outDir = resolve(values.out);
const schemaSpecifier = values.schema as string;
const isPath = schemaSpecifier.startsWith(".") || isAbsolute(schemaSpecifier);
const schemaModule = (await import(
  isPath ? pathToFileURL(resolve(schemaSpecifier)).href : schemaSpecifier
)) as { RECORD_SCHEMAS?: Record<string, z.ZodType> };
if (!schemaModule.RECORD_SCHEMAS) {
  console.error(`parley-codegen: ${schemaSpecifier} exports no RECORD_SCHEMAS`);
  process.exit(2);
}

const files = generate({
  recordSchemas: schemaModule.RECORD_SCHEMAS,
  schemaModule: values["schema-import"] ?? (isPath ? resolve(schemaSpecifier) : schemaSpecifier),
  runtimeModule: values["runtime-import"],
});

mkdirSync(outDir, { recursive: true });
const existing = readdirSync(outDir).filter((name) => name.endsWith(".gen.ts"));
const stale = existing.filter((name) => !files.has(name));
const changed = [...files].filter(([name, content]) => {
  try {
    return readFileSync(join(outDir, name), "utf8") !== content;
  } catch {
    return true;
  }
});

if (values.check) {
  for (const name of stale) console.error(`stale: ${join(outDir, name)}`);
  for (const [name] of changed) console.error(`out of date: ${join(outDir, name)}`);
  if (stale.length || changed.length) {
    console.error("parley-codegen: generated files are not fresh; run `npm run codegen`");
    process.exit(1);
  }
  console.log(`parley-codegen: ${files.size} files in ${outDir} are fresh`);
} else {
  for (const name of stale) rmSync(join(outDir, name));
  for (const [name, content] of changed) writeFileSync(join(outDir, name), content);
  console.log(
    `parley-codegen: ${files.size} files in ${outDir} (${changed.length} written, ${stale.length} removed)`,
  );
}
