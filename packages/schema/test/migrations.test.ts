import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applySteps,
  createMigration,
  type FieldPath,
  type JsonObject,
  jsonSchemasFor,
  LATEST_SCHEMA_VERSION,
  MIGRATION_STEPS,
  type MigrationStep,
  migrateDatasetDocument,
  migrationPath,
  moveToExtensions,
  RELEASED_SCHEMA_VERSIONS,
  renameField,
  retargetSchemaPointer,
  SCHEMA_VERSIONS,
  schemaId,
  summarizeMoves,
  traceFieldPath,
} from "../src/index";
import { repoRoot } from "./helpers";
import { arbitraryFromJsonSchema } from "./migrations.arbitrary";

type Documents = Record<string, Record<string, unknown>>;

function ajvFor(documents: Documents): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  ajv.addKeyword({ keyword: "x-parley-ref", schemaType: "string" });
  ajv.addKeyword({ keyword: "x-parley-codelist", schemaType: "string" });
  for (const document of Object.values(documents)) ajv.addSchema(document);
  return ajv;
}

function datasetValidator(version: string, documents: Documents) {
  const validate = ajvFor(documents).getSchema(schemaId(version, "dataset"));
  if (!validate) throw new Error(`no dataset schema for ${version}`);
  return (data: unknown) => {
    const ok = validate(data) === true;
    return { ok, errors: JSON.stringify(validate.errors?.slice(0, 3)) };
  };
}

/**
 * A synthetic BREAKING 2.0, in tests only: it renames Quote.text to `words` and has no place
 * any more for an event's PLOVER mode. Its migration is the model of a real major step: a
 * rename carried over, and a field without a place kept in `extensions` and reported.
 */
const SYNTHETIC_MAJOR = "2.0";

function synthetic2Schemas(): Documents {
  const documents = structuredClone(jsonSchemasFor(LATEST_SCHEMA_VERSION)) as Documents;
  for (const [name, document] of Object.entries(documents)) {
    document.$id = schemaId(SYNTHETIC_MAJOR, name);
    const defs = document.$defs as Record<string, Record<string, unknown>>;
    const quote = defs.Quote;
    if (quote) {
      const properties = quote.properties as Record<string, unknown>;
      quote.properties = Object.fromEntries(
        Object.entries(properties).map(([key, value]) => [key === "text" ? "words" : key, value]),
      );
      quote.required = (quote.required as string[]).map((key) => (key === "text" ? "words" : key));
    }
    const codes = (defs.Event?.properties as Record<string, Record<string, unknown>> | undefined)
      ?.codes;
    if (codes) delete (codes.properties as Record<string, unknown>).ploverMode;
  }
  return documents;
}

const toSynthetic2: MigrationStep = {
  from: LATEST_SCHEMA_VERSION,
  to: SYNTHETIC_MAJOR,
  summary:
    "Quote.text is renamed to words; Event.codes.ploverMode has no place and moves to extensions.",
  record(record) {
    let migrated = { value: record, moves: [] as ReturnType<MigrationStep["record"]>["moves"] };
    if (record.type === "quote") migrated = renameField(migrated, "text", "words");
    if (record.type === "event")
      migrated = moveToExtensions(migrated, ["codes", "ploverMode"], this.from);
    return migrated;
  },
  header: (header) => ({ value: header, moves: [] }),
};

const STEPS_WITH_SYNTHETIC = [...MIGRATION_STEPS, toSynthetic2];

/** Every primitive (and empty container) of a value, with its path. */
function leaves(value: unknown, path: FieldPath = []): [FieldPath, unknown][] {
  if (typeof value !== "object" || value === null) return [[path, value]];
  const entries = Array.isArray(value)
    ? value.map((item, index) => [index, item] as const)
    : Object.entries(value);
  if (entries.length === 0) return [[path, value]];
  return entries.flatMap(([key, child]) => leaves(child, [...path, key]));
}

function valueAt(value: unknown, path: FieldPath): unknown {
  return path.reduce<unknown>(
    (current, key) => (current as Record<string | number, unknown> | undefined)?.[key],
    value,
  );
}

/**
 * The explicit accounting: every value of the old record is found, unchanged, where the
 * step's moves say it went (schemaVersion excepted, which names the new version), and the new
 * record holds nothing else.
 */
function accountFor(
  before: JsonObject,
  after: JsonObject,
  moves: Parameters<typeof traceFieldPath>[1],
  from: string,
  to: string,
) {
  const expected = leaves(before).map(([path, value]) => {
    const traced = traceFieldPath(path, moves);
    const isVersion = path.length === 1 && path[0] === "schemaVersion";
    const isPointer = path.length === 1 && path[0] === "$schema" && typeof value === "string";
    return {
      path: traced,
      value: isVersion ? to : isPointer ? retargetSchemaPointer(value, from, to) : value,
    };
  });
  const isEmptyContainer = (value: unknown) =>
    typeof value === "object" && value !== null && Object.keys(value).length === 0;
  for (const { path, value } of expected) {
    const actual = valueAt(after, path);
    if (isEmptyContainer(value)) {
      // An empty {} or [] may since have received moved values (an empty `extensions`).
      expect(Array.isArray(actual), `container at ${JSON.stringify(path)}`).toBe(
        Array.isArray(value),
      );
      expect(typeof actual).toBe("object");
    } else {
      expect(actual, `value at ${JSON.stringify(path)}`).toEqual(value);
    }
  }
  const key = (path: FieldPath) => JSON.stringify(path.map(String));
  const found = leaves(after)
    .map(([path]) => key(path))
    .sort();
  const stillLeaves = expected.filter(
    ({ path, value }) => !isEmptyContainer(value) || isEmptyContainer(valueAt(after, path)),
  );
  expect(found).toEqual(stillLeaves.map(({ path }) => key(path)).sort());
}

function propertyOfStep(step: MigrationStep, fromDocuments: Documents, toDocuments: Documents) {
  const datasetSchema = fromDocuments.dataset as Record<string, unknown>;
  const validFrom = datasetValidator(step.from, fromDocuments);
  const validTo = datasetValidator(step.to, toDocuments);
  const datasets = arbitraryFromJsonSchema(datasetSchema).map(
    (dataset): JsonObject => ({ ...(dataset as JsonObject), schemaVersion: step.from }),
  );
  fc.assert(
    fc.property(datasets, (dataset) => {
      // The generator's own honesty: what it makes is valid in the old version.
      const before = validFrom(dataset);
      expect(before.ok, before.errors).toBe(true);
      const { document } = migrateDatasetDocument(dataset, step.to, [step]);
      const verdict = validTo(document);
      expect(verdict.ok, verdict.errors).toBe(true);
      const records = (dataset.records ?? []) as JsonObject[];
      records.forEach((record, index) => {
        const outcome = applySteps(record, [step], "record");
        expect((document.records as JsonObject[])[index]).toEqual(outcome.value);
        accountFor(record, outcome.value, outcome.moves, step.from, step.to);
      });
      const { records: _old, ...header } = dataset;
      const { records: _new, ...migratedHeader } = document;
      accountFor(header, migratedHeader, [], step.from, step.to);
    }),
    { numRuns: 60 },
  );
}

describe("migration registry", () => {
  it("reaches the working version from every released version", () => {
    for (const released of RELEASED_SCHEMA_VERSIONS) {
      const path = migrationPath(released, LATEST_SCHEMA_VERSION);
      expect(path, `${released} → ${LATEST_SCHEMA_VERSION}`).toBeDefined();
      expect(path?.at(-1)?.to ?? released).toBe(LATEST_SCHEMA_VERSION);
    }
  });

  it("has one step from each shipped version to the next, never skipping one", () => {
    for (const [index, step] of MIGRATION_STEPS.entries()) {
      expect(SCHEMA_VERSIONS.indexOf(step.to)).toBe(SCHEMA_VERSIONS.indexOf(step.from) + 1);
      expect(MIGRATION_STEPS.slice(index + 1).some((other) => other.from === step.from)).toBe(
        false,
      );
    }
  });

  it("refuses a path it does not have, naming the steps it has", () => {
    expect(() => createMigration(LATEST_SCHEMA_VERSION, "9.0")).toThrow(
      new RegExp(`No migration from Parley ${LATEST_SCHEMA_VERSION} to 9.0`),
    );
    expect(migrationPath("2.0", "1.0")).toBeUndefined();
  });
});

describe("field helpers are pure and lose nothing", () => {
  const quote = { type: "quote", id: "q1", text: "Hello", lang: "en", extensions: { "x:a": 1 } };

  it("renameField keeps the key's place and records the move", () => {
    const before = structuredClone(quote);
    const result = renameField({ value: quote, moves: [] }, "text", "words");
    expect(Object.keys(result.value)).toEqual(["type", "id", "words", "lang", "extensions"]);
    expect(result.moves).toEqual([{ from: ["text"], to: ["words"], reason: "renamed" }]);
    expect(quote).toEqual(before);
  });

  it("moveToExtensions keeps a nested value verbatim under a versioned key, without clobbering", () => {
    const event = {
      type: "event",
      id: "e1",
      codes: { plover: "CONSULT", ploverMode: "visit" },
      extensions: { "parley@1.1:codes.ploverMode": "already here" },
    };
    const before = structuredClone(event);
    const result = moveToExtensions({ value: event, moves: [] }, ["codes", "ploverMode"], "1.1");
    expect(result.value).toEqual({
      type: "event",
      id: "e1",
      codes: { plover: "CONSULT" },
      extensions: {
        "parley@1.1:codes.ploverMode": "already here",
        "parley@1.1:codes.ploverMode#2": "visit",
      },
    });
    expect(event).toEqual(before);
    expect(traceFieldPath(["codes", "ploverMode"], result.moves)).toEqual([
      "extensions",
      "parley@1.1:codes.ploverMode#2",
    ]);
  });
});

describe("schemaVersion and $schema follow the data to its new version", () => {
  it("retargets a $schema pointer at the old version's file, and nothing else", () => {
    expect(
      retargetSchemaPointer(
        "../../packages/schema/json-schema/1.0/dataset.schema.json",
        "1.0",
        "1.1",
      ),
    ).toBe("../../packages/schema/json-schema/1.1/dataset.schema.json");
    expect(
      retargetSchemaPointer("https://parley.dev/schema/1.0/ndjson-line.schema.json", "1.0", "2.0"),
    ).toBe("https://parley.dev/schema/2.0/ndjson-line.schema.json");
    // A pointer at another version, or at a schema of the user's own, is theirs: left alone.
    expect(
      retargetSchemaPointer("https://parley.dev/schema/1.1/dataset.schema.json", "1.0", "2.0"),
    ).toBe("https://parley.dev/schema/1.1/dataset.schema.json");
    expect(retargetSchemaPointer("./my-profile.json", "1.0", "2.0")).toBe("./my-profile.json");
  });
});

describe(`the synthetic breaking ${SYNTHETIC_MAJOR} (tests only)`, () => {
  const seed = JSON.parse(
    // The 1.0 seed, so that the upgrade goes through every real step before the synthetic one.
    readFileSync(join(repoRoot, "examples", "seed", "seed-1.0.json"), "utf8"),
  ) as JsonObject;

  it("upgrades the seed through every real step and the synthetic one, and validates as 2.0", () => {
    const { document, report } = migrateDatasetDocument(
      seed,
      SYNTHETIC_MAJOR,
      STEPS_WITH_SYNTHETIC,
    );
    expect(document.schemaVersion).toBe(SYNTHETIC_MAJOR);
    expect(document.$schema).toBe(
      `../../packages/schema/json-schema/${SYNTHETIC_MAJOR}/dataset.schema.json`,
    );
    const verdict = datasetValidator(SYNTHETIC_MAJOR, synthetic2Schemas())(document);
    expect(verdict.ok, verdict.errors).toBe(true);
    const quotes = (document.records as JsonObject[]).filter((record) => record.type === "quote");
    const seedQuotes = (seed.records as JsonObject[]).filter((record) => record.type === "quote");
    expect(quotes.map((quote) => quote.words)).toEqual(seedQuotes.map((quote) => quote.text));
    expect(quotes.every((quote) => !("text" in quote))).toBe(true);
    expect(summarizeMoves(report.moved)).toEqual([
      { from: "text", to: "words", reason: "renamed", count: seedQuotes.length },
    ]);
    expect(report.records).toBe((seed.records as unknown[]).length);
  });

  it("is classified as breaking by the schema diff, with the rename and the removal named", async () => {
    const { diffSchemaDocuments } = await import("../src/index");
    const changes = diffSchemaDocuments(jsonSchemasFor(LATEST_SCHEMA_VERSION), synthetic2Schemas());
    expect(changes.map((change) => [change.kind, change.location]).sort()).toEqual([
      ["field-removed", "Event.codes.ploverMode"],
      ["field-renamed", "Quote.text"],
    ]);
  });

  it("property: random valid datasets migrate to 2.0, validate, and keep every value", () => {
    propertyOfStep(
      toSynthetic2,
      jsonSchemasFor(LATEST_SCHEMA_VERSION) as Documents,
      synthetic2Schemas(),
    );
  });
});

describe("real migration steps", () => {
  it("exist for each consecutive pair of shipped versions", () => {
    expect(MIGRATION_STEPS.map((step) => `${step.from}→${step.to}`)).toEqual(
      SCHEMA_VERSIONS.slice(1).map((version, index) => `${SCHEMA_VERSIONS[index]}→${version}`),
    );
  });

  for (const step of MIGRATION_STEPS) {
    it(`property: random valid ${step.from} datasets migrate to ${step.to}, validate, and keep every value`, () => {
      propertyOfStep(
        step,
        jsonSchemasFor(step.from) as Documents,
        jsonSchemasFor(step.to) as Documents,
      );
    });
  }
});
