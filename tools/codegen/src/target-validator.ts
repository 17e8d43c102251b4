/**
 * The validator target: one compiled module per version of the standard found in a folder of
 * JSON Schemas (`@parley/schema`'s json-schema/<major>.<minor>/), and versions.gen.ts listing
 * them. A new version folder is a new module: adding a version needs no code change here.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { compileVersion } from "./emit-checker";
import { compileScanner } from "./emit-scanner";
import { generatedHeader } from "./header";

/** The json-schema/ folder of the installed @parley/schema. */
export function schemaRoot(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("@parley/schema/package.json")), "json-schema");
}

/** The version folders (`1.0`, `1.1`, …) of a json-schema/ folder, oldest first. */
export function schemaVersions(root: string): string[] {
  return readdirSync(root)
    .filter((name) => /^\d+\.\d+$/.test(name))
    .sort((a, b) => {
      const [am, an] = a.split(".").map(Number) as [number, number];
      const [bm, bn] = b.split(".").map(Number) as [number, number];
      return am - bm || an - bn;
    });
}

/** `1.1` → `v1_1`: the module (and import binding) name of a version. */
export function versionModuleName(version: string): string {
  return `v${version.replace(".", "_")}`;
}

export interface ValidatorTargetOptions {
  /** The json-schema/ folder to read (default: the installed @parley/schema's). */
  schemaDir?: string;
}

/** File name → contents of the validator's generated layer. */
export function generateValidator(options: ValidatorTargetOptions = {}): Map<string, string> {
  const root = options.schemaDir ?? schemaRoot();
  const versions = schemaVersions(root);
  if (versions.length === 0) throw new Error(`no version folders (like 1.0/) in ${root}`);
  const files = new Map<string, string>();
  for (const version of versions) {
    const read = (name: string) =>
      JSON.parse(readFileSync(join(root, version, `${name}.schema.json`), "utf8"));
    files.set(
      `${versionModuleName(version)}.gen.ts`,
      compileVersion(
        {
          version,
          record: read("record"),
          header: read("dataset-header"),
          dataset: read("dataset"),
        },
        generatedHeader(`packages/schema/json-schema/${version}/`),
      ),
    );
  }
  files.set(
    "versions.gen.ts",
    [
      generatedHeader("the version folders of packages/schema/json-schema/"),
      ...versions.map(
        (v) => `import * as ${versionModuleName(v)} from "./${versionModuleName(v)}.gen";`,
      ),
      "",
      "/** Compiled modules of every version of the standard, oldest first. */",
      "export const VERSION_MODULES = {",
      ...versions.map((v) => `  ${JSON.stringify(v)}: ${versionModuleName(v)},`),
      "} as const;",
      "",
    ].join("\n"),
  );
  return files;
}

/**
 * The scanner target: the byte-level record scanner of each version (the validator's NDJSON
 * fast path, see emit-scanner.ts), and scanners.gen.ts listing them.
 */
export function generateScanners(options: ValidatorTargetOptions = {}): Map<string, string> {
  const root = options.schemaDir ?? schemaRoot();
  const versions = schemaVersions(root);
  if (versions.length === 0) throw new Error(`no version folders (like 1.0/) in ${root}`);
  const files = new Map<string, string>();
  for (const version of versions) {
    const record = JSON.parse(readFileSync(join(root, version, "record.schema.json"), "utf8"));
    files.set(
      `${versionModuleName(version)}.gen.ts`,
      compileScanner(
        { version, record },
        generatedHeader(`packages/schema/json-schema/${version}/`),
      ),
    );
  }
  files.set(
    "scanners.gen.ts",
    [
      generatedHeader("the version folders of packages/schema/json-schema/"),
      ...versions.map(
        (v) =>
          `import { scanRecord as ${versionModuleName(v)} } from "./${versionModuleName(v)}.gen";`,
      ),
      "",
      "/** The byte-level record scanner of every version of the standard, oldest first. */",
      "export const SCANNERS = {",
      ...versions.map((v) => `  ${JSON.stringify(v)}: ${versionModuleName(v)},`),
      "} as const;",
      "",
    ].join("\n"),
  );
  return files;
}
