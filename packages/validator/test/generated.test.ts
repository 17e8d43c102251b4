/**
 * The compiled fast path is generated code: it must be exactly what the generator makes of
 * the schema package's JSON Schemas (and the SDK's reference graph) today. A stale file would
 * validate against an old standard.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REFERENCE_GRAPH } from "@parley/sdk";
import { describe, expect, it } from "vitest";
import { compileVersion } from "../scripts/compile-schema";
import { generatedFiles, schemaRoot } from "../scripts/sources";
import { SUPPORTED_SCHEMA_VERSIONS } from "../src/index";
import { packageRoot } from "./helpers";

describe("src/generated", () => {
  it("is up to date (run `npm run codegen -w @parley/validator` when this fails)", () => {
    for (const [name, text] of Object.entries(generatedFiles())) {
      expect(readFileSync(join(packageRoot, "src", "generated", name), "utf8"), name).toBe(text);
    }
  });

  it("has a module for every version folder of the schema package", () => {
    const names = Object.keys(generatedFiles()).filter((n) => n !== "versions.gen.ts");
    expect(names.map((n) => n.replace(/^v(\d+)_(\d+)\.gen\.ts$/, "$1.$2"))).toEqual([
      ...SUPPORTED_SCHEMA_VERSIONS,
    ]);
  });

  it("reads the same reference sites from x-parley-ref as the SDK's graph (the path used for versions the SDK does not know)", () => {
    const read = (name: string) =>
      JSON.parse(readFileSync(join(schemaRoot(), "1.0", `${name}.schema.json`), "utf8"));
    const schemas = {
      version: "1.0",
      record: read("record"),
      header: read("dataset-header"),
      dataset: read("dataset"),
    };
    const sites = (code: string) =>
      JSON.parse(/export const REFERENCE_SITES[^=]*= (\[[\s\S]*?\n\]);/.exec(code)?.[1] ?? "[]")
        .map(
          (s: { recordType: string; pointer: string; target: string }) =>
            `${s.recordType}${s.pointer}->${s.target}`,
        )
        .sort();
    const fromAnnotations = sites(compileVersion(schemas, "x"));
    expect(fromAnnotations.length).toBe(REFERENCE_GRAPH.length);
    expect(fromAnnotations).toEqual(sites(compileVersion(schemas, "x", REFERENCE_GRAPH)));
  });
});
