/**
 * The seed dataset is the standard's founding example: it must validate clean in both forms
 * and compressed, and the summary must describe it (not merely "it parses").
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { validate } from "../src/index";
import { repoRoot } from "./helpers";

const seedDir = join(repoRoot, "examples", "seed");

describe("the seed dataset", () => {
  // The 1.2 seed, and the 1.0 encoding of the same article kept as a compatibility fixture.
  for (const [name, version] of [
    ["seed.json", "1.2"],
    ["seed.ndjson", "1.2"],
    ["seed-1.0.json", "1.0"],
    ["seed-1.0.ndjson", "1.0"],
  ] as const) {
    it(`${name} validates clean as ${version}`, async () => {
      const bytes = readFileSync(join(seedDir, name));
      const { findings, summary } = await validate(bytes, { file: name });
      expect(findings).toEqual([]);
      expect(summary.format).toBe(name.endsWith(".json") ? "json" : "ndjson");
      expect(summary.schemaVersion).toBe(version);
      expect(summary.records).toBe(23);
      expect(summary.recordsByType).toEqual({
        source: 4,
        person: 2,
        organization: 8,
        format: 1,
        event: 3,
        quote: 5,
      });
      expect(summary.bytes).toBe(bytes.length);
    });
  }

  it("validates clean gzip-compressed, and without a file name to guess the form from", async () => {
    const bytes = readFileSync(join(seedDir, "seed.ndjson"));
    const { findings, summary } = await validate(gzipSync(bytes));
    expect(findings).toEqual([]);
    expect(summary.compressed).toBe(true);
    expect(summary.format).toBe("ndjson");
    expect(summary.bytes).toBe(bytes.length);
    const doc = await validate(readFileSync(join(seedDir, "seed.json")));
    expect(doc.summary.format).toBe("json");
    expect(doc.findings).toEqual([]);
  });

  it("breaking one reference in the seed is caught with a suggestion", async () => {
    const text = readFileSync(join(seedDir, "seed.ndjson"), "utf8").replace(
      '"speaker":{"person":"person:sergey-lavrov"}',
      '"speaker":{"person":"person:sergey-lavrow"}',
    );
    const { findings } = await validate(text, { file: "seed.ndjson" });
    expect(findings.map((f) => [f.ruleId, f.pointer, f.suggestion])).toContainEqual([
      "ref-dangling",
      "/speaker/person",
      "person:sergey-lavrov",
    ]);
  });
});
