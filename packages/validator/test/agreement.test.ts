/**
 * The fast path (code generated from the JSON Schema) decides whether a record is valid; the
 * explaining path (an interpreter of the same JSON Schema) says why not. If they ever
 * disagreed, a bad record would pass silently or a good one would get an empty explanation.
 * This proves they agree — and agree with ajv, an independent JSON Schema validator — on the
 * whole conformance corpus, the seed, and thousands of randomly mutated records.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Explainer } from "../src/explain";
import { isPrototypeKey } from "../src/fast-runtime";
import { VERSION_MODULES } from "../src/generated/versions.gen";
import { repoRoot, seedRecordsFor } from "./helpers";
import { paths } from "./mutations";

const ONLY_IN_PARLEY = new Set(["date-impossible", "country-code-unknown"]);

for (const [version, mod] of Object.entries(VERSION_MODULES)) {
  const explainer = new Explainer(mod.RECORD_SCHEMA as unknown as Record<string, unknown>);
  const ajv = new Ajv2020({ strict: true, allErrors: false });
  addFormats(ajv);
  ajv.addKeyword("x-parley-ref");
  ajv.addKeyword("x-parley-codelist");
  const ajvValidate = ajv.compile(mod.RECORD_SCHEMA as object);

  /** The fast path's verdict, as the engine computes it from a record's canonical text. */
  function fast(record: unknown): boolean {
    return mod.checkRecord(record, 64) && JSON.stringify(record).length - mod.textLowerBound() < 4;
  }

  function check(record: unknown): void {
    const issues = explainer.explain(record);
    const text = JSON.stringify(record);
    const fastValid = fast(record);
    const protoKeys = hasPrototypeKey(record);
    // Sound always: what the fast path accepts has nothing to explain.
    if (fastValid) expect(issues, text).toEqual([]);
    // Complete for text without escapes: then the fast path also accepts everything valid
    // (escaped characters lengthen the text, which sends a record to the precise path, which
    // decides it). It also refuses prototype keys in extension slots, which the engine reports
    // from the tokenizer (json-prototype-key), not from the schema.
    if (!text.includes("\\")) expect(fastValid, text).toBe(issues.length === 0 && !protoKeys);
    // The text bound is a lower bound: never above the canonical spelling (or the engine
    // would accept a record without proving it has no hidden member).
    if (mod.checkRecord(record, 64))
      expect(mod.textLowerBound(), text).toBeLessThanOrEqual(text.length);
    const structural = issues.filter((i) => !ONLY_IN_PARLEY.has(i.ruleId));
    expect(ajvValidate(record), `${JSON.stringify(record)} ${JSON.stringify(issues)}`).toBe(
      structural.length === 0,
    );
  }

  // A minor version is compatible, so the corpora of the earlier minors of its major apply too.
  const conformance = join(repoRoot, "packages", "schema", "conformance");
  const [major = "", minor = ""] = version.split(".");
  const corpora = readdirSync(conformance).filter((name) => {
    const [otherMajor, otherMinor] = name.split(".");
    return otherMajor === major && Number(otherMinor) <= Number(minor);
  });
  const records: unknown[] = [];
  for (const corpus of corpora.map((name) => join(conformance, name))) {
    for (const kind of ["valid", "invalid"]) {
      for (const file of readdirSync(join(corpus, kind))) {
        for (const line of readFileSync(join(corpus, kind, file), "utf8").split("\n")) {
          if (!line.trim()) continue;
          const value = JSON.parse(line);
          if (value.type !== "dataset") records.push(value);
        }
      }
    }
  }
  const seed = seedRecordsFor(version);

  describe(`fast path and explaining path agree (${version})`, () => {
    it("on every record of the conformance corpus", () => {
      expect(records.length).toBeGreaterThan(60);
      for (const record of records) check(record);
    });

    it("on every record of the seed", () => {
      for (const record of seed) {
        check(record);
        expect(fast(record)).toBe(true);
      }
    });

    it("on randomly mutated records", () => {
      const bases = [...seed, ...records];
      fc.assert(
        fc.property(
          fc.constantFrom(...bases),
          fc.array(mutation, { minLength: 1, maxLength: 3 }),
          (base, mutations) => {
            let record = structuredClone(base);
            for (const m of mutations) record = m(record);
            check(record);
          },
        ),
        { numRuns: 3000, seed: 20261127 },
      );
    });
  });
}

type Mutation = (record: unknown) => unknown;

const INTERESTING: unknown[] = [
  "",
  "a",
  "RUS",
  "RU",
  "rus",
  "XYZ",
  "SUN",
  "2022",
  "2022-11",
  "2022-11-17",
  "2022-02-29",
  "2024-02-29",
  "2022-02-30",
  "2022-13-01",
  "17-11-2022",
  "Q42",
  "42",
  "q42",
  "en",
  "ru-Latn",
  "English",
  "https://mid.ru/en",
  "mid.ru",
  "meeting",
  "meetnig",
  "person:p1",
  "bad id",
  "held-in",
  "reported",
  "direct",
  0,
  1,
  -1,
  1.5,
  95,
  -181,
  1e21,
  true,
  false,
  null,
  [],
  {},
  { value: "2022-11-17" },
  { value: "2023-02-29" },
  { person: "p:1" },
  { unresolved: {} },
  { country: "KAZ" },
];
const KEYS = [
  "type",
  "id",
  "kind",
  "date",
  "endDate",
  "value",
  "person",
  "organization",
  "unresolved",
  "name",
  "description",
  "country",
  "citations",
  "source",
  "certainty",
  "extensions",
  "names",
  "lang",
  "text",
  "speaker",
  "partcipants",
  "x",
];

function update(
  root: unknown,
  path: Array<string | number>,
  f: (parent: unknown, key: string | number) => void,
): unknown {
  if (path.length === 0) return root;
  let parent = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  f(parent, path[path.length - 1] as string | number);
  return root;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  // Replace a value with an interesting or an arbitrary JSON value.
  fc
    .tuple(fc.nat(), fc.oneof(fc.constantFrom(...INTERESTING), fc.jsonValue({ maxDepth: 2 })))
    .map(([pick, replacement]) => (record: unknown) => {
      const all = paths(record);
      const path = all[pick % all.length] as Array<string | number>;
      if (path.length === 0) return structuredClone(replacement);
      return update(record, path, (parent, key) => {
        (parent as Record<string | number, unknown>)[key] = structuredClone(replacement);
      });
    }),
  // Delete an object member.
  fc.nat().map((pick) => (record: unknown) => {
    const members = paths(record).filter((p) => typeof p[p.length - 1] === "string");
    if (!members.length) return record;
    return update(
      record,
      members[pick % members.length] as Array<string | number>,
      (parent, key) => {
        delete (parent as Record<string, unknown>)[key as string];
      },
    );
  }),
  // Add a member (known name in the wrong place, a typo, anything) to some object.
  fc
    .tuple(fc.nat(), fc.constantFrom(...KEYS), fc.constantFrom(...INTERESTING))
    .map(([pick, key, value]) => (record: unknown) => {
      const objects = paths(record).filter((p) => {
        let v: unknown = record;
        for (const k of p) v = (v as Record<string | number, unknown>)[k];
        return v !== null && typeof v === "object" && !Array.isArray(v);
      });
      if (!objects.length) return record;
      const path = objects[pick % objects.length] as Array<string | number>;
      let target: unknown = record;
      for (const k of path) target = (target as Record<string | number, unknown>)[k];
      (target as Record<string, unknown>)[key] = structuredClone(value);
      return record;
    }),
);

function hasPrototypeKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasPrototypeKey);
  if (value !== null && typeof value === "object") {
    return Object.keys(value).some(
      (k) => isPrototypeKey(k) || hasPrototypeKey((value as Record<string, unknown>)[k]),
    );
  }
  return false;
}

describe("the accelerated explaining path", () => {
  it("skips only what is valid: the same issues as the pure interpreter, on every mutated record", () => {
    for (const [version, mod] of Object.entries(VERSION_MODULES)) {
      const schema = mod.RECORD_SCHEMA as unknown as Record<string, unknown>;
      const pure = new Explainer(schema);
      const accelerated = new Explainer(schema, mod.DEF_CHECKS);
      const seed = seedRecordsFor(version);
      fc.assert(
        fc.property(
          fc.constantFrom(...seed),
          fc.array(mutation, { minLength: 1, maxLength: 3 }),
          (base, mutations) => {
            let record = structuredClone(base);
            for (const m of mutations) record = m(record);
            expect(accelerated.explain(record)).toEqual(pure.explain(record));
          },
        ),
        { numRuns: 2000, seed: 42 },
      );
    }
  });
});
