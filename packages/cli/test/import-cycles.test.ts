/**
 * No import cycles among the CLI's modules (type-only imports included): the command that
 * parses `parley validate` and the runner that executes it once imported each other for one
 * interface, which now lives on its own (src/validate-settings.ts). The check itself is tested
 * in packages/validator/test/import-cycles.test.ts.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script of the repository, without type declarations
import { importCycles } from "../../../scripts/import-cycles.mjs";
import { packageRoot } from "./helpers";

describe("import cycles", () => {
  it("there are none in the CLI's sources", () => {
    expect(importCycles(join(packageRoot, "src"))).toEqual([]);
  });
});
