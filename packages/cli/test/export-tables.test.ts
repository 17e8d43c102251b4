import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parley, STACK_LINE, seedJson, tempDir } from "./helpers";

/**
 * The CSV tables as analysts load them: with `sqlite3 .import` (installed in CI by .ci/run),
 * and back into Parley. What a table holds must be what the dataset holds: no phantom row, no
 * changed character.
 */

/** Rows sqlite3 reads from a CSV file (its first line is the header). */
function sqliteRows(file: string): number {
  const out = execFileSync(
    "sqlite3",
    [":memory:", `.import --csv ${file} t`, "SELECT count(*) FROM t"],
    {
      encoding: "utf8",
    },
  );
  return Number(out.trim());
}

describe("parley export --to csv", () => {
  it("writes header-only tables that sqlite3 loads as zero rows (no trailing blank line)", async () => {
    const dir = tempDir();
    const tables = join(dir, "tables");
    const run = await parley(["export", "--to", "csv", seedJson, "-o", tables]);
    expect(run.code).toBe(0);
    const files = readdirSync(tables);
    const headerOnly = files.filter(
      (file) => readFileSync(join(tables, file), "utf8").trimEnd().split("\r\n").length === 1,
    );
    // The seed leaves several tables empty (person_aliases, organization_members, …).
    expect(headerOnly.length).toBeGreaterThan(3);
    for (const file of headerOnly) {
      expect(readFileSync(join(tables, file), "utf8").endsWith("\r\n\r\n"), file).toBe(false);
      expect(sqliteRows(join(tables, file)), file).toBe(0);
    }
    // And a table with rows loads exactly them: the seed has 3 events.
    expect(sqliteRows(join(tables, "events.csv"))).toBe(3);
  });

  it("carries every Unicode string through the files and back exactly", async () => {
    const dir = tempDir();
    const titles = [
      "emoji 😀 and 𝄞",
      "\ufeffa BOM inside",
      "NUL \u0000 and DEL \u007f",
      "'starts with an apostrophe",
      "=1+1",
      'quote " and, comma',
      "two\r\nlines",
      "\u2028separator",
      "Казахстан",
    ];
    const dataset = {
      schemaVersion: "1.0",
      records: titles.map((title, index) => ({
        type: "source",
        id: `src:${index}`,
        kind: "article",
        published: { value: "2022-11-18" },
        title,
      })),
    };
    writeFileSync(join(dir, "in.json"), JSON.stringify(dataset));
    const toCsv = await parley(["export", "--to", "csv", "in.json", "-o", "tables"], { cwd: dir });
    expect(toCsv.code).toBe(0);
    const back = await parley(["export", "--to", "json", "tables", "-o", "out.json"], { cwd: dir });
    expect(back.code).toBe(0);
    const out = JSON.parse(readFileSync(join(dir, "out.json"), "utf8"));
    expect(out.records.map((record: { title: string }) => record.title)).toEqual(titles);
  });

  it("refuses a lone surrogate, which a UTF-8 file cannot hold, instead of writing U+FFFD", async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "in.ndjson"),
      [
        '{"type":"dataset","schemaVersion":"1.0"}',
        '{"type":"source","id":"src:1","kind":"article","published":{"value":"2022-11-18"},"title":"\\ud800"}',
        "",
      ].join("\n"),
    );
    const [validated, exported] = await Promise.all([
      parley(["validate", "in.ndjson"], { cwd: dir }),
      parley(["export", "--to", "csv", "in.ndjson", "-o", "tables"], { cwd: dir }),
    ]);
    expect(validated.code).toBe(1);
    expect(validated.stdout).toContain("json-lone-surrogate");
    expect(exported.code).toBe(1);
    expect(exported.stderr).toContain("source src:1, field title: holds a lone surrogate");
    expect(exported.stderr).not.toMatch(STACK_LINE);
    expect(readdirSync(dir)).toEqual(["in.ndjson"]);
  });
});
