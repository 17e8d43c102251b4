/**
 * The validator is many small modules (readers, record rules, cross-record rules, worker-merge
 * state, findings). A cycle between two of them means neither can be read, tested or moved on
 * its own — and in ESM, a module of the cycle may run before what it imports is initialised.
 * Type-only imports count: the readers know the engine only through the RecordSink interface.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script of the repository, without type declarations
import { importCycles } from "../../../scripts/import-cycles.mjs";
import { packageRoot } from "./helpers";

const scratch = mkdtempSync(join(tmpdir(), "parley-cycles-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("import cycles", () => {
  it("there are none in the validator's sources", () => {
    expect(importCycles(join(packageRoot, "src"))).toEqual([]);
  });

  it("the check finds one, also through a type-only import and an index module", () => {
    // Why: a check that cannot fail proves nothing; this is the shape the readers had before
    // the split (the document scanner imported the engine's type, the engine the scanner).
    mkdirSync(join(scratch, "json"));
    writeFileSync(
      join(scratch, "engine.ts"),
      'import { Scanner } from "./json";\nexport class Run {}\n',
    );
    writeFileSync(join(scratch, "json", "index.ts"), 'export * from "./document";\n');
    writeFileSync(
      join(scratch, "json", "document.ts"),
      'import type { Run } from "../engine";\nexport class Scanner { run?: Run }\n',
    );
    writeFileSync(
      join(scratch, "alone.ts"),
      'import { Run } from "./engine";\nexport const r = Run;\n',
    );
    expect(importCycles(scratch)).toEqual([["engine.ts", "json/document.ts", "json/index.ts"]]);
  });
});
