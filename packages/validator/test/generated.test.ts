/**
 * The compiled fast path is generated code: it must be exactly what the one generator
 * (tools/codegen, target `validator`) makes of the schema package's JSON Schemas today. A stale
 * file would validate against an old standard.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { generateScanners, generateValidator, HEADER } from "@parley/codegen";
import { SCHEMA_VERSION } from "@parley/schema";
import { REFERENCE_GRAPH } from "@parley/sdk";
import { describe, expect, it } from "vitest";
import { SUPPORTED_SCHEMA_VERSIONS } from "../src/index";
import { versionModule } from "../src/versions";
import { packageRoot } from "./helpers";

const files = generateValidator();

describe("src/generated", () => {
  it("is up to date (run `npm run codegen -w @parley/validator` when this fails)", () => {
    for (const [name, text] of files) {
      expect(readFileSync(join(packageRoot, "src", "generated", name), "utf8"), name).toBe(text);
      expect(text.startsWith(HEADER), name).toBe(true);
    }
  });

  it("has the byte-level scanners the generator makes today (src/generated/scan)", () => {
    for (const [name, text] of generateScanners()) {
      expect(readFileSync(join(packageRoot, "src", "generated", "scan", name), "utf8"), name).toBe(
        text,
      );
    }
  });

  it("has a module for every version folder of the schema package", () => {
    const names = [...files.keys()].filter((n) => n !== "versions.gen.ts");
    expect(names.map((n) => n.replace(/^v(\d+)_(\d+)\.gen\.ts$/, "$1.$2"))).toEqual([
      ...SUPPORTED_SCHEMA_VERSIONS,
    ]);
  });

  it("has the reference sites of the SDK's graph for the version the SDK is built from (one front end for both)", () => {
    const mod = versionModule(SCHEMA_VERSION);
    const pointer = (path: readonly string[]) =>
      path.map((p) => `/${p.replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
    expect(mod?.REFERENCE_SITES.map((s) => `${s.recordType}${s.pointer}->${s.target}`)).toEqual(
      REFERENCE_GRAPH.map((f) => `${f.recordType}${pointer(f.path)}->${f.target}`),
    );
  });
});
