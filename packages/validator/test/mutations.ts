/**
 * Mutations of parsed records for property tests of the fast paths: a value replaced (by an
 * interesting one — codes, dates, escapes, non-ASCII text — or any JSON), a member deleted, a
 * member added (known names in the wrong place, prototype names, typos).
 */
import fc from "fast-check";

export type Mutation = (record: unknown) => unknown;

const INTERESTING: unknown[] = [
  "",
  "a",
  "RUS",
  "RU",
  "XYZ",
  "2022",
  "2022-11",
  "2022-02-29",
  "2024-02-29",
  "2022-11-31",
  "2022-13-01",
  "Q42",
  "en",
  "ru-Latn",
  "https://mid.ru/en",
  "meeting",
  "person:p1",
  "bad id",
  "Лавров",
  "👍",
  "a\u0000b",
  'quote"d',
  "back\\slash",
  0,
  1,
  -1,
  1.5,
  1e21,
  -0,
  true,
  false,
  null,
  [],
  {},
  { value: "2022-11-17" },
  { value: "2023-02-29", inferred: ["day"] },
  { person: "p:1" },
  { country: "KAZ" },
  { __proto__: null, constructor: 1 },
];
const KEYS = [
  "type",
  "id",
  "kind",
  "date",
  "value",
  "person",
  "country",
  "citations",
  "source",
  "extensions",
  "text",
  "x",
  "constructor",
  "__proto__",
  "schemaVersion",
];

/** Paths (arrays of keys/indexes) of every value inside a JSON value, the root included. */
export function paths(
  value: unknown,
  at: Array<string | number> = [],
  out: Array<Array<string | number>> = [],
): Array<Array<string | number>> {
  out.push(at);
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      paths(v, [...at, i], out);
    });
  } else if (value !== null && typeof value === "object")
    for (const [k, v] of Object.entries(value)) paths(v, [...at, k], out);
  return out;
}

function at(root: unknown, path: Array<string | number>): unknown {
  let v = root;
  for (const k of path) v = (v as Record<string | number, unknown>)[k];
  return v;
}

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc
    .tuple(fc.nat(), fc.oneof(fc.constantFrom(...INTERESTING), fc.jsonValue({ maxDepth: 2 })))
    .map(([pick, replacement]) => (record: unknown) => {
      const all = paths(record);
      const path = all[pick % all.length] as Array<string | number>;
      if (path.length === 0) return structuredClone(replacement);
      const parent = at(record, path.slice(0, -1)) as Record<string | number, unknown>;
      parent[path[path.length - 1] as string | number] = structuredClone(replacement);
      return record;
    }),
  fc.nat().map((pick) => (record: unknown) => {
    const members = paths(record).filter((p) => typeof p[p.length - 1] === "string");
    if (!members.length) return record;
    const path = members[pick % members.length] as Array<string | number>;
    delete (at(record, path.slice(0, -1)) as Record<string, unknown>)[
      path[path.length - 1] as string
    ];
    return record;
  }),
  fc
    .tuple(fc.nat(), fc.constantFrom(...KEYS), fc.constantFrom(...INTERESTING))
    .map(([pick, key, value]) => (record: unknown) => {
      const objects = paths(record).filter((p) => {
        const v = at(record, p);
        return v !== null && typeof v === "object" && !Array.isArray(v);
      });
      if (!objects.length) return record;
      const target = at(record, objects[pick % objects.length] as Array<string | number>);
      Object.defineProperty(target, key, {
        value: structuredClone(value),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      return record;
    }),
);

/**
 * `bytes` with the byte at `at` replaced by `byte` ("flip"), `byte` inserted before it
 * ("insert"), or it removed ("delete"): the byte-level edits the scanners' property tests
 * compare against the exact path.
 */
export function editByte(
  bytes: Uint8Array,
  at: number,
  byte: number,
  how: "flip" | "insert" | "delete",
): Uint8Array {
  if (how === "flip") {
    const out = bytes.slice();
    out[at] = byte;
    return out;
  }
  if (how === "insert") {
    const out = new Uint8Array(bytes.length + 1);
    out.set(bytes.subarray(0, at));
    out[at] = byte;
    out.set(bytes.subarray(at), at + 1);
    return out;
  }
  const out = new Uint8Array(bytes.length - 1);
  out.set(bytes.subarray(0, at));
  out.set(bytes.subarray(at + 1), at);
  return out;
}
