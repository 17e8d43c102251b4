import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseDataset } from "@parley/sdk";
import { describe, expect, it } from "vitest";
import { parley, repoRoot, STACK_LINE, seedJson, seedNdjson, tempDir } from "./helpers";

const seed = parseDataset(readFileSync(seedJson, "utf8"));

describe("parley stats", () => {
  it("--format json gives the SDK's figures, from JSON and from streamed NDJSON alike", async () => {
    for (const input of [seedJson, seedNdjson]) {
      const result = await parley(["stats", "--format", "json", input]);
      expect(result.code).toBe(0);
      const { dataset, ...figures } = JSON.parse(result.stdout);
      expect(dataset).toBe(seed.metadata?.title);
      expect(figures).toEqual(seed.stats());
    }
  });

  it("prints the figures as a table for a terminal", async () => {
    const result = await parley(["stats", seedJson]);
    expect(result.code).toBe(0);
    // Counted by hand in the 1.2 seed: the meeting has Lavrov and the five unnamed ambassadors,
    // the TV interview its host Zarubin and Lavrov, the Astana summit no participant the text
    // names. The five ambassadors are the unresolved ones: 5 of 8, 62.5 %.
    expect(result.stdout).toMatch(/unresolved \(a name or description only\)\s+5\s+63 %/);
    expect(result.stdout).toMatch(/1\s+Sergey Lavrov\s+person:sergey-lavrov\s+2/);
    expect(result.stdout).toMatch(/with inferred parts\s+1\s+50 %/);
    expect(result.stdout).toMatch(/longest chain of reporting \(steps\)\s+2/);
  });

  it("--format markdown writes Markdown tables", async () => {
    const result = await parley(["stats", "--format", "markdown", seedNdjson]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("## Events by kind");
    expect(result.stdout).toContain("| kind | events | share |");
    expect(result.stdout).toContain("| meeting | 1 | 33 % |");
  });

  it("reads a database export back to the same figures", async () => {
    const db = join(tempDir(), "seed.db");
    expect((await parley(["export", "--to", "sqlite", seedJson, "-o", db])).code).toBe(0);
    const result = await parley(["stats", "--format", "json", db]);
    expect(result.code).toBe(0);
    const { dataset: _title, ...figures } = JSON.parse(result.stdout);
    expect(figures).toEqual(seed.stats());
  });

  it("on a real import (HistoryAtState travels of two travellers) counts what the files hold", async () => {
    const dir = tempDir();
    const imported = join(dir, "hsg.ndjson");
    const fixtures = join(repoRoot, "packages", "importers", "test", "fixtures", "hsg-travels");
    const run = await parley(["import", "hsg-travels", fixtures, "-o", imported]);
    expect(run.code).toBe(0);
    const result = await parley(["stats", "--format", "json", imported]);
    const figures = JSON.parse(result.stdout);
    // Every trip is one visit event with its traveller as the one participant.
    const trips = readFileSync(imported, "utf8")
      .split("\n")
      .filter((line) => line.includes('"type":"event"'));
    expect(figures.events.total).toBe(trips.length);
    expect(figures.events.byKind).toEqual([{ key: "visit", count: trips.length }]);
    expect(figures.participants.persons).toBe(trips.length);
    const gbr = trips.filter((line) => line.includes('"country":"GBR"')).length;
    expect(
      figures.events.byLocationCountry.find((c: { key: string }) => c.key === "GBR")?.count ?? 0,
    ).toBe(gbr);
  });

  it("refuses a wrong format and a broken file clearly", async () => {
    const bad = await parley(["stats", "--format", "xml", seedJson]);
    expect(bad.code).toBe(2);
    const dir = tempDir();
    const broken = join(dir, "broken.ndjson");
    writeFileSync(broken, '{"type":"event","id":"e1","kind":"meeting"}\n{"type":\n');
    const result = await parley(["stats", broken]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("broken.ndjson:2");
    expect(result.stderr).not.toMatch(STACK_LINE);
  });
});
