#!/usr/bin/env -S npx tsx
/**
 * parley-codegen <target> --out <dir> [--check] [target options]
 *
 * Targets:
 *   sdk        [--schema <module>] [--schema-import <specifier>] [--runtime-import <specifier>]
 *              The SDK's generated layer from the schema module's RECORD_SCHEMAS (default
 *              @parley/schema; a path is resolved from the working directory).
 *   validator  [--schema-dir <json-schema folder>]
 *              The validator's compiled checkers, one per version folder (default: the
 *              installed @parley/schema's json-schema/).
 *   scanner    [--schema-dir <json-schema folder>]
 *              The validator's byte-level record scanners (its NDJSON fast path), one per
 *              version folder.
 *
 * Writes the target's files to <dir>, removing stale *.gen.ts files there. With --check it
 * writes nothing and exits 1 if <dir> differs — the same check for every target.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { z } from "zod";
import { generate } from "./target-sdk";
import { generateScanners, generateValidator } from "./target-validator";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: "string" },
    schema: { type: "string", default: "@parley/schema" },
    "schema-import": { type: "string" },
    "runtime-import": { type: "string" },
    "schema-dir": { type: "string" },
    check: { type: "boolean", default: false },
  },
});

const TARGETS: Record<string, () => Promise<Map<string, string>>> = {
  async sdk() {
    const schemaSpecifier = values.schema as string;
    const isPath = schemaSpecifier.startsWith(".") || isAbsolute(schemaSpecifier);
    const schemaModule = (await import(
      isPath ? pathToFileURL(resolve(schemaSpecifier)).href : schemaSpecifier
    )) as { RECORD_SCHEMAS?: Record<string, z.ZodType> };
    if (!schemaModule.RECORD_SCHEMAS) {
      fail(`${schemaSpecifier} exports no RECORD_SCHEMAS`);
    }
    return generate({
      recordSchemas: schemaModule.RECORD_SCHEMAS,
      schemaModule:
        values["schema-import"] ?? (isPath ? resolve(schemaSpecifier) : schemaSpecifier),
      runtimeModule: values["runtime-import"],
    });
  },
  async validator() {
    const dir = values["schema-dir"];
    return generateValidator(dir ? { schemaDir: resolve(dir) } : {});
  },
  async scanner() {
    const dir = values["schema-dir"];
    return generateScanners(dir ? { schemaDir: resolve(dir) } : {});
  },
};

function fail(message: string): never {
  console.error(`parley-codegen: ${message}`);
  process.exit(2);
}

const target = positionals[0];
if (positionals.length !== 1 || target === undefined || !Object.hasOwn(TARGETS, target)) {
  fail(
    `name one target: ${Object.keys(TARGETS).join(" | ")} (got ${positionals.join(" ") || "none"})`,
  );
}
if (!values.out) fail("--out <dir> is required");
const outDir = resolve(values.out);
const files = await (TARGETS[target] as () => Promise<Map<string, string>>)();

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
    console.error(
      `parley-codegen ${target}: generated files are not fresh; run \`npm run codegen\``,
    );
    process.exit(1);
  }
  console.log(`parley-codegen ${target}: ${files.size} files in ${outDir} are fresh`);
} else {
  for (const name of stale) rmSync(join(outDir, name));
  for (const [name, content] of changed) writeFileSync(join(outDir, name), content);
  console.log(
    `parley-codegen ${target}: ${files.size} files in ${outDir} (${changed.length} written, ${stale.length} removed)`,
  );
}
