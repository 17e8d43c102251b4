import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { datasetToCsvTables, type TableDataset } from "@parley/sdk";
import { describe, expect, it } from "vitest";
import { validateCsvTables } from "../src/readers/csv-tables";

const seed = JSON.parse(
  readFileSync(new URL("../../../examples/seed/seed.json", import.meta.url), "utf8"),
) as TableDataset;

describe("validating CSV tables", () => {
  it("finds nothing wrong with the seed written as tables", async () => {
    const result = await validateCsvTables(datasetToCsvTables(seed), { file: "seed-tables" });
    expect(result.findings.filter((finding) => finding.severity === "error")).toEqual([]);
    expect(result.summary.records).toBe(seed.records.length);
  });

  it("points a finding of the standard's rules at the file, row and column of the cell", async () => {
    // The first event (row 2 of events.csv) gets a country code that does not exist.
    const broken = structuredClone(seed);
    const event = broken.records.find((record) => record.type === "event") as unknown as {
      location: { country: string };
    };
    expect(event.location.country).toBe("RUS"); // the Moscow meeting
    event.location.country = "XXX";
    const tables = datasetToCsvTables(broken);
    const header =
      (tables["events.csv"] as string)
        .replace(/^\ufeff/, "")
        .split("\r\n")[0]
        ?.split(",") ?? [];
    const countryColumn = header.indexOf("location.country");
    const result = await validateCsvTables(tables, { file: "seed-tables" });
    const finding = result.findings.find((f) => f.ruleId === "country-code-unknown");
    expect(finding).toMatchObject({
      file: "seed-tables/events.csv",
      line: 2,
      column: countryColumn + 1,
    });
    expect(finding?.message).toContain("(column 'location.country')");
  });

  it("reports problems of the tables themselves under the catalogue's rules", async () => {
    const tables = datasetToCsvTables(seed);
    tables["event_tags.csv"] = "event_id,position,value,colour\r\nno-such-event,1,Aral Sea,red\r\n";
    const result = await validateCsvTables(tables, { file: "t" });
    expect(result.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          ruleId: "schema-additional-property",
          file: "t/event_tags.csv",
          line: 1,
          column: 4,
        }),
        expect.objectContaining({
          ruleId: "dataset-structure",
          file: "t/event_tags.csv",
          line: 2,
          column: 1,
        }),
      ]),
    );
    expect(result.summary.counts.error).toBeGreaterThanOrEqual(2);
  });
});

describe("the CommonJS build", () => {
  // The SDK loads only when tables are read. In the CommonJS build that lazy load must be a
  // require() of the SDK's CommonJS build: an import() there would load a second SDK, from its
  // ES modules, and fail in runners without ES module support. `npm test` runs after `build`.
  it("reads CSV tables with the SDK's CommonJS build", async () => {
    const require = createRequire(import.meta.url);
    const cjs = require("../dist/index.cjs") as typeof import("../src/index");
    const sdkCjs = require.resolve("@parley/sdk");
    delete require.cache[sdkCjs];
    const result = await cjs.validateCsvTables(
      { "events.csv": "id,kind\nevent:1,meeting\n" },
      { file: "t" },
    );
    expect(result.summary.records).toBe(1);
    expect(require.cache[sdkCjs]).toBeDefined();
  });
});
