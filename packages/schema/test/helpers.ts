import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";

export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
export const repoRoot = join(packageRoot, "..", "..");

export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, "utf8"));
}

export function readNdjson(path: string): unknown[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line));
}

/**
 * An ajv 2020 instance in strict mode — the independent JSON Schema validator the conformance
 * corpus is checked with. Parley's vocabulary keywords are declared so strict mode accepts them
 * as annotations instead of rejecting the schemas.
 */
export function strictAjv(version: string): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  ajv.addKeyword({ keyword: "x-parley-ref", schemaType: "string" });
  ajv.addKeyword({ keyword: "x-parley-codelist", schemaType: "string" });
  const dir = join(packageRoot, "json-schema", version);
  for (const file of readdirSync(dir).sort()) {
    ajv.addSchema(readJson(join(dir, file)) as object);
  }
  return ajv;
}
