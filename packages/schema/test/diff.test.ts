import { describe, expect, it } from "vitest";
import {
  type ChangeKind,
  diffJsonSchemas,
  diffSchemaVersions,
  formatDiffReport,
  jsonSchemasFor,
  RELEASED_SCHEMA_VERSIONS,
  requiredBump,
  SCHEMA_VERSIONS,
  severityOf,
} from "../src/index";

type Schema = Record<string, unknown>;

/** A closed object, as the zod model emits every record and sub-object. */
function closed(properties: Record<string, Schema>, required: string[] = []): Schema {
  return { type: "object", properties, required, additionalProperties: false };
}

const str: Schema = { type: "string" };
const partialDate = closed({ value: { type: "string", pattern: "^\\d{4}$" } }, ["value"]);
const kindEnum = (values: string[], codelist: "open" | "closed"): Schema => ({
  type: "string",
  enum: values,
  "x-parley-codelist": codelist,
});

type Case = {
  /** Why the case matters: the dataset publisher's situation it stands for. */
  why: string;
  old: Schema;
  new: Schema;
  kinds: ChangeKind[];
  bump: "major" | "minor" | "none";
};

/**
 * The classification table. Each row is a pair of small schemas and the changes the diff must
 * report, with the version bump they demand. The severities come from one question: does data
 * that was valid stay valid, and do readers of the old version still understand it?
 */
const CASES: Case[] = [
  {
    why: "identical schemas report nothing (the gate must not cry wolf)",
    old: closed({ id: str }, ["id"]),
    new: closed({ id: str }, ["id"]),
    kinds: [],
    bump: "none",
  },
  {
    why: "a new required field makes every existing record invalid",
    old: closed({ id: str }, ["id"]),
    new: closed({ id: str, kind: str }, ["id", "kind"]),
    kinds: ["required-field-added"],
    bump: "major",
  },
  {
    why: "a new optional field leaves existing records valid (1.1's notAfter is this)",
    old: closed({ id: str }, ["id"]),
    new: closed({ id: str, notAfter: partialDate }, ["id"]),
    kinds: ["optional-field-added"],
    bump: "minor",
  },
  {
    why: "removing a field from a closed object rejects data that used it",
    old: closed({ id: str, title: str }, ["id"]),
    new: closed({ id: str }, ["id"]),
    kinds: ["field-removed"],
    bump: "major",
  },
  {
    why: "a rename is a removal plus an addition of the same schema, and is reported as one rename",
    old: closed({ id: str, text: { type: "string", minLength: 1 } }, ["id", "text"]),
    new: closed({ id: str, words: { type: "string", minLength: 1, description: "The words." } }, [
      "id",
      "words",
    ]),
    kinds: ["field-renamed"],
    bump: "major",
  },
  {
    why: "an optional field turned required rejects records without it",
    old: closed({ id: str, lang: str }, ["id"]),
    new: closed({ id: str, lang: str }, ["id", "lang"]),
    kinds: ["field-made-required"],
    bump: "major",
  },
  {
    why: "a required field turned optional accepts everything it accepted",
    old: closed({ id: str, lang: str }, ["id", "lang"]),
    new: closed({ id: str, lang: str }, ["id"]),
    kinds: ["field-made-optional"],
    bump: "minor",
  },
  {
    why: "number → integer narrows the type: 1.5 was valid and is not any more",
    old: closed({ ordinal: { type: "number" } }),
    new: closed({ ordinal: { type: "integer" } }),
    kinds: ["type-narrowed"],
    bump: "major",
  },
  {
    why: "integer → number widens the type: every integer is a number",
    old: closed({ ordinal: { type: "integer" } }),
    new: closed({ ordinal: { type: "number" } }),
    kinds: ["type-widened"],
    bump: "minor",
  },
  {
    why: "string → number shares no value at all",
    old: closed({ geonames: { type: "string" } }),
    new: closed({ geonames: { type: "number" } }),
    kinds: ["type-changed"],
    bump: "major",
  },
  {
    why: "a value removed from a closed codelist invalidates data that used it",
    old: closed({ mode: kindEnum(["in-person", "virtual", "phone"], "closed") }),
    new: closed({ mode: kindEnum(["in-person", "virtual"], "closed") }),
    kinds: ["enum-value-removed"],
    bump: "major",
  },
  {
    why: "a value removed from an open codelist invalidates data just the same",
    old: closed({ kind: kindEnum(["meeting", "summit"], "open") }),
    new: closed({ kind: kindEnum(["meeting"], "open") }),
    kinds: ["enum-value-removed"],
    bump: "major",
  },
  {
    why: "a value added to an open codelist is the promise of an open codelist: compatible",
    old: closed({ kind: kindEnum(["meeting", "summit"], "open") }),
    new: closed({ kind: kindEnum(["meeting", "summit", "webinar"], "open") }),
    kinds: ["enum-value-added"],
    bump: "minor",
  },
  {
    why: "a value added to a closed codelist breaks readers that handle every value",
    old: closed({ certainty: kindEnum(["reported", "confirmed"], "closed") }),
    new: closed({ certainty: kindEnum(["reported", "confirmed", "rumoured"], "closed") }),
    kinds: ["enum-value-added-to-closed-codelist"],
    bump: "major",
  },
  {
    why: "opening a closed codelist withdraws the promise readers relied on",
    old: closed({ side: kindEnum(["host", "guest"], "closed") }),
    new: closed({ side: kindEnum(["host", "guest"], "open") }),
    kinds: ["codelist-opened"],
    bump: "major",
  },
  {
    why: "a new pattern rejects strings that had no constraint",
    old: closed({ cameo: str }),
    new: closed({ cameo: { type: "string", pattern: "^\\d{2,4}$" } }),
    kinds: ["pattern-added"],
    bump: "major",
  },
  {
    why: "a tightened pattern rejects values the old one accepted (two-letter codes here)",
    old: closed({ country: { type: "string", pattern: "^[A-Z]{2,3}$" } }),
    new: closed({ country: { type: "string", pattern: "^[A-Z]{3}$" } }),
    kinds: ["pattern-changed"],
    bump: "major",
  },
  {
    why: "a removed pattern accepts everything it accepted",
    old: closed({ plover: { type: "string", pattern: "^[A-Z]+$" } }),
    new: closed({ plover: str }),
    kinds: ["pattern-removed"],
    bump: "minor",
  },
  {
    why: "closing an open object rejects records that carried extra fields",
    old: { type: "object", properties: { id: str } },
    new: { type: "object", properties: { id: str }, additionalProperties: false },
    kinds: ["additional-properties-closed"],
    bump: "major",
  },
  {
    why: "opening a closed object accepts everything it accepted",
    old: closed({ id: str }),
    new: { type: "object", properties: { id: str } },
    kinds: ["additional-properties-opened"],
    bump: "minor",
  },
  {
    why: "a description is documentation only, but frozen files mean even that is a new minor",
    old: closed({ title: { type: "string", description: "A title." } }),
    new: closed({ title: { type: "string", description: "A short human title." } }),
    kinds: ["description-changed"],
    bump: "minor",
  },
  {
    why: "a raised minLength rejects short values",
    old: closed({ title: { type: "string", minLength: 1 } }),
    new: closed({ title: { type: "string", minLength: 3 } }),
    kinds: ["bound-tightened"],
    bump: "major",
  },
  {
    why: "a removed maximum accepts everything it accepted",
    old: closed({ latitude: { type: "number", minimum: -90, maximum: 90 } }),
    new: closed({ latitude: { type: "number", minimum: -90 } }),
    kinds: ["bound-loosened"],
    bump: "minor",
  },
  {
    why: "a minItems on a list rejects empty lists that were valid",
    old: closed({ names: { type: "array", items: str } }),
    new: closed({ names: { type: "array", items: str, minItems: 1 } }),
    kinds: ["bound-tightened"],
    bump: "major",
  },
  {
    why: "a change inside array items is found and located with []",
    old: closed({ topics: { type: "array", items: kindEnum(["trade", "water"], "open") } }),
    new: closed({ topics: { type: "array", items: kindEnum(["trade"], "open") } }),
    kinds: ["enum-value-removed"],
    bump: "major",
  },
  {
    why: "a removed alternative of a union (an unresolved participant) rejects data that used it",
    old: {
      anyOf: [closed({ person: str }, ["person"]), closed({ unresolved: str }, ["unresolved"])],
    },
    new: { anyOf: [closed({ person: str }, ["person"])] },
    kinds: ["union-variant-removed"],
    bump: "major",
  },
  {
    why: "a new alternative of a union accepts everything it accepted",
    old: { anyOf: [closed({ person: str }, ["person"])] },
    new: {
      anyOf: [closed({ person: str }, ["person"]), closed({ organization: str }, ["organization"])],
    },
    kinds: ["union-variant-added"],
    bump: "minor",
  },
  {
    why: "a reshaped alternative is paired with its successor, so the real change is named",
    old: { anyOf: [closed({ person: str }, ["person"]), closed({ country: str }, ["country"])] },
    new: {
      anyOf: [
        closed({ person: str, role: str }, ["person", "role"]),
        closed({ country: str }, ["country"]),
      ],
    },
    kinds: ["required-field-added"],
    bump: "major",
  },
  {
    why: "a reference that now points at another record type changes what the data means",
    old: closed({ speaker: { type: "string", "x-parley-ref": "person" } }),
    new: closed({ speaker: { type: "string", "x-parley-ref": "organization" } }),
    kinds: ["reference-target-changed"],
    bump: "major",
  },
  {
    why: "a change under a $ref is found once, in the named definition",
    old: {
      $ref: "#/$defs/Event",
      $defs: { Event: closed({ date: { $ref: "#/$defs/PartialDate" } }), PartialDate: partialDate },
    },
    new: {
      $ref: "#/$defs/Event",
      $defs: {
        Event: closed({ date: { $ref: "#/$defs/PartialDate" } }),
        PartialDate: closed(
          { value: { type: "string", pattern: "^\\d{4}$" }, approximate: { type: "boolean" } },
          ["value"],
        ),
      },
    },
    kinds: ["optional-field-added"],
    bump: "minor",
  },
  {
    why: "an inline schema replaced by an equal $ref is no change at all",
    old: closed({ date: partialDate }),
    new: {
      ...closed({ date: { $ref: "#/$defs/PartialDate" } }),
      $defs: { PartialDate: partialDate },
    },
    kinds: [],
    bump: "none",
  },
  {
    why: "a keyword the diff does not understand is treated as breaking, never waved through",
    old: closed({ id: str }),
    new: { ...closed({ id: str }), dependentRequired: { id: ["kind"] } },
    kinds: ["unclassified-change"],
    bump: "major",
  },
];

describe("schema diff classification table", () => {
  it("has at least 20 pairs", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(20);
  });

  for (const testCase of CASES) {
    it(testCase.why, () => {
      const changes = diffJsonSchemas(testCase.old, testCase.new);
      expect(changes.map((change) => change.kind).sort()).toEqual([...testCase.kinds].sort());
      for (const change of changes) expect(change.severity).toBe(severityOf(change.kind));
      expect(requiredBump(changes)).toBe(testCase.bump);
    });
  }
});

describe("schema diff of real versions", () => {
  it("finds no change between a version and itself", () => {
    for (const version of SCHEMA_VERSIONS) {
      expect(diffSchemaVersions(version, version).changes).toEqual([]);
    }
  });

  it("locates a change in the model's own schemas and explains it in the human report", () => {
    const released = RELEASED_SCHEMA_VERSIONS[0] ?? "1.0";
    const documents = structuredClone(jsonSchemasFor(released)) as Record<string, Schema>;
    for (const document of Object.values(documents)) {
      const quote = (document.$defs as Record<string, Schema> | undefined)?.Quote;
      if (quote === undefined) continue;
      const properties = quote.properties as Record<string, Schema>;
      properties.words = properties.text as Schema;
      delete properties.text;
      quote.required = (quote.required as string[]).map((name) =>
        name === "text" ? "words" : name,
      );
    }
    const changes = diffJsonSchemas(
      jsonSchemasFor(released).dataset as Schema,
      documents.dataset as Schema,
    );
    expect(changes).toEqual([
      expect.objectContaining({
        kind: "field-renamed",
        location: "Quote.text",
        before: "text",
        after: "words",
      }),
    ]);
  });

  it("reports in JSON-ready form and in words", () => {
    const report = diffSchemaVersions(SCHEMA_VERSIONS[0] ?? "1.0", "latest");
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    const text = formatDiffReport(report);
    expect(text).toMatch(/^Parley schema diff \d+\.\d+ → \d+\.\d+: /);
    for (const change of report.changes) expect(text).toContain(change.message);
  });
});
