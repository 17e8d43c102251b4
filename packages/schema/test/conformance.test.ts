import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  compareSchemaVersions,
  NdjsonLine,
  parseSchemaVersion,
  SCHEMA_VERSION,
  schemaId,
} from "../src/index";
import { packageRoot, readJson, readNdjson, strictAjv } from "./helpers";

/**
 * The conformance corpus pins down what the standard accepts. zod (the source of truth) and an
 * independent JSON Schema validator (ajv 2020, strict) must give the same verdict on every case,
 * so a third party that only has the published JSON Schema checks what we check — except where
 * a case declares that JSON Schema cannot express its rule (calendar arithmetic), and then the
 * test insists on exactly that difference.
 *
 * Each version has its corpus in conformance/<version>/. A minor version is compatible, so the
 * corpora of the earlier minors of the same major still apply to the current version: the
 * current zod model and the current JSON Schemas are checked against all of them (a newer
 * manifest may `retire` an older case that a compatible change made valid). Every corpus is
 * also checked, with ajv alone, against its own version's frozen JSON Schemas, so what "valid
 * 1.0" means can never drift.
 */
type Expectation = {
  structural: "valid" | "both" | "zod-only" | "dataset";
  rule?: string;
  line?: number;
  pointer?: string;
};

type Manifest = { cases: Record<string, Expectation>; retired?: string[] };

const conformanceDir = join(packageRoot, "conformance");
const corpusVersions = readdirSync(conformanceDir)
  .filter((name) => /^\d+\.\d+$/.test(name))
  .sort(compareSchemaVersions);
const manifests = new Map(
  corpusVersions.map((version) => [
    version,
    readJson(join(conformanceDir, version, "manifest.json")) as Manifest,
  ]),
);
const current = parseSchemaVersion(SCHEMA_VERSION);
/** The corpora that apply to the working version: its major's minors up to it. */
const applicable = corpusVersions.filter((version) => {
  const { major } = parseSchemaVersion(version);
  return major === current.major && compareSchemaVersions(version, SCHEMA_VERSION) <= 0;
});
const retired = new Set(applicable.flatMap((version) => manifests.get(version)?.retired ?? []));

function ndjsonLineValidator(version: string) {
  const validate = strictAjv(version).getSchema(schemaId(version, "ndjson-line"));
  if (!validate) throw new Error(`ndjson-line schema of ${version} missing`);
  return validate;
}

/** The JSON Pointers ajv blames for a line; an unknown property is blamed on the property itself. */
function ajvPointers(validate: ReturnType<typeof ndjsonLineValidator>, record: unknown): string[] {
  validate(record);
  return (validate.errors ?? []).map((error) => {
    const extra = (error.params as { additionalProperty?: string }).additionalProperty;
    return extra === undefined ? error.instancePath : `${error.instancePath}/${extra}`;
  });
}

it(`the corpora that apply to ${SCHEMA_VERSION} hold at least 40 invalid cases`, () => {
  expect(applicable).toContain(SCHEMA_VERSION);
  const invalid = applicable.flatMap((version) =>
    Object.keys(manifests.get(version)?.cases ?? {})
      .filter((file) => file.startsWith("invalid/"))
      .filter((file) => !retired.has(`${version}/${file}`)),
  );
  expect(invalid.length).toBeGreaterThanOrEqual(40);
});

for (const corpusVersion of corpusVersions) {
  const corpusDir = join(conformanceDir, corpusVersion);
  const manifest = manifests.get(corpusVersion) as Manifest;
  const read = (file: string) => readNdjson(join(corpusDir, file));

  describe(`conformance corpus ${corpusVersion}`, () => {
    it("has every file in the manifest, each invalid case named after its rule", () => {
      const onDisk = ["valid", "invalid"].flatMap((kind) =>
        existsSync(join(corpusDir, kind))
          ? readdirSync(join(corpusDir, kind)).map((name) => `${kind}/${name}`)
          : [],
      );
      expect(onDisk.sort()).toEqual(Object.keys(manifest.cases).sort());
      for (const [file, expectation] of Object.entries(manifest.cases)) {
        if (!file.startsWith("invalid/")) continue;
        expect(file.slice("invalid/".length)).toMatch(new RegExp(`^${expectation.rule}--`));
      }
    });

    describe(`against ${corpusVersion}'s own frozen JSON Schemas (ajv)`, () => {
      const validate = ndjsonLineValidator(corpusVersion);
      for (const [file, expectation] of Object.entries(manifest.cases)) {
        it(`${file}: ${expectation.structural}`, () => {
          const lines = read(file);
          const failing = lines.flatMap((line, index) =>
            validate(line) === true ? [] : [index + 1],
          );
          if (expectation.structural === "both") {
            expect(failing).toEqual([expectation.line]);
            expect(ajvPointers(validate, lines[(expectation.line ?? 1) - 1])).toContain(
              expectation.pointer,
            );
          } else {
            // valid, dataset-level and zod-only cases all pass the JSON Schema.
            expect(failing).toEqual([]);
          }
        });
      }
    });

    if (!applicable.includes(corpusVersion)) return;

    describe(`zod ${SCHEMA_VERSION} and JSON Schema ${SCHEMA_VERSION} agree`, () => {
      const validate = ndjsonLineValidator(SCHEMA_VERSION);
      for (const [file, expectation] of Object.entries(manifest.cases)) {
        if (retired.has(`${corpusVersion}/${file}`)) continue;
        it(`${file}: ${expectation.structural}`, () => {
          const lines = read(file);
          const results = lines.map((line, index) => ({
            line: index + 1,
            zod: NdjsonLine.safeParse(line).success,
            ajv: validate(line) === true,
          }));
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
            expect(ajvPointers(validate, lines[(expectation.line ?? 1) - 1])).toContain(
              expectation.pointer,
            );
          } else {
            // JSON Schema cannot express this rule: ajv accepts what zod rejects, and nothing else differs.
            expect(offending).toEqual({ line: expectation.line, zod: false, ajv: true });
          }
        });
      }
    });
  });
}
