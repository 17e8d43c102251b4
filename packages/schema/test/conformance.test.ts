import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NdjsonLine, SCHEMA_VERSION, schemaId } from "../src/index";
import { packageRoot, readJson, readNdjson, strictAjv } from "./helpers";

/**
 * The conformance corpus pins down what the standard accepts. zod (the source of truth) and an
 * independent JSON Schema validator (ajv 2020, strict) must give the same verdict on every case,
 * so a third party that only has the published JSON Schema checks what we check — except where
 * a case declares that JSON Schema cannot express its rule (calendar arithmetic), and then the
 * test insists on exactly that difference.
 */
type Expectation = {
  structural: "valid" | "both" | "zod-only" | "dataset";
  rule?: string;
  line?: number;
  pointer?: string;
};

const corpusDir = join(packageRoot, "conformance", SCHEMA_VERSION);
const manifest = readJson(join(corpusDir, "manifest.json")) as {
  cases: Record<string, Expectation>;
};
const ajv = strictAjv(SCHEMA_VERSION);
const ajvLine = ajv.getSchema(schemaId(SCHEMA_VERSION, "ndjson-line"));
if (!ajvLine) throw new Error("ndjson-line schema missing");

function verdicts(file: string) {
  const lines = readNdjson(join(corpusDir, file));
  return lines.map((line, index) => ({
    line: index + 1,
    zod: NdjsonLine.safeParse(line).success,
    ajv: ajvLine?.(line) === true,
  }));
}

/** The JSON Pointers ajv blames for a line; an unknown property is blamed on the property itself. */
function ajvPointers(file: string, line: number): string[] {
  const record = readNdjson(join(corpusDir, file))[line - 1];
  ajvLine?.(record);
  return (ajvLine?.errors ?? []).map((error) => {
    const extra = (error.params as { additionalProperty?: string }).additionalProperty;
    return extra === undefined ? error.instancePath : `${error.instancePath}/${extra}`;
  });
}

describe(`conformance corpus ${SCHEMA_VERSION}`, () => {
  it("has every file in the manifest, and at least 40 invalid cases each named after its rule", () => {
    const onDisk = ["valid", "invalid"].flatMap((kind) =>
      readdirSync(join(corpusDir, kind)).map((name) => `${kind}/${name}`),
    );
    expect(onDisk.sort()).toEqual(Object.keys(manifest.cases).sort());
    const invalid = Object.entries(manifest.cases).filter(([file]) => file.startsWith("invalid/"));
    expect(invalid.length).toBeGreaterThanOrEqual(40);
    for (const [file, expectation] of invalid) {
      expect(file.slice("invalid/".length)).toMatch(new RegExp(`^${expectation.rule}--`));
    }
  });

  for (const [file, expectation] of Object.entries(manifest.cases)) {
    it(`${file}: ${expectation.structural}`, () => {
      const results = verdicts(file);
      if (expectation.structural === "valid" || expectation.structural === "dataset") {
        // Both structural validators accept it: a valid case, or one only dataset rules catch.
        expect(results.filter((r) => !r.zod || !r.ajv)).toEqual([]);
        return;
      }
      const offending = results.find((r) => r.line === expectation.line);
      const others = results.filter((r) => r.line !== expectation.line);
      expect(others.filter((r) => !r.zod || !r.ajv)).toEqual([]);
      if (expectation.structural === "both") {
        expect(offending).toEqual({ line: expectation.line, zod: false, ajv: false });
        // The case's declared pointer is where an independent validator puts the blame too.
        expect(ajvPointers(file, expectation.line ?? 0)).toContain(expectation.pointer);
      } else {
        // JSON Schema cannot express this rule: ajv accepts what zod rejects, and nothing else differs.
        expect(offending).toEqual({ line: expectation.line, zod: false, ajv: true });
      }
    });
  }
});
