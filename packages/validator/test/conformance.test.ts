/**
 * The standard's conformance corpus (packages/schema/conformance/<version>/) is the contract:
 * every invalid case is named after the rule it breaks and says where (line, pointer). The
 * validator must report exactly that rule there, and nothing else than references the
 * one-record cases cannot resolve; every valid case must come out clean.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validate } from "../src/index";
import { brief, repoRoot } from "./helpers";

const corpusRoot = join(repoRoot, "packages", "schema", "conformance");

for (const version of readdirSync(corpusRoot)) {
  const dir = join(corpusRoot, version);
  const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as {
    cases: Record<string, { rule?: string; line?: number; pointer?: string; structural: string }>;
  };
  const cases = Object.entries(manifest.cases);

  describe(`conformance ${version}`, () => {
    it("covers every case file of the corpus", () => {
      const files = ["valid", "invalid"].flatMap((kind) =>
        readdirSync(join(dir, kind)).map((f) => `${kind}/${f}`),
      );
      expect(files.sort()).toEqual(cases.map(([name]) => name).sort());
    });

    it.each(cases.filter(([, c]) => !c.rule))("%s is clean", async (name) => {
      const { findings } = await validate(readFileSync(join(dir, name)), { file: name });
      // Informational notes (an unresolved quote speaker) are not problems.
      expect(findings.filter((f) => f.severity !== "info").map(brief)).toEqual([]);
    });

    it.each(cases.filter(([, c]) => c.rule))(
      "%s yields its rule at its line and pointer",
      async (name, c) => {
        const { findings } = await validate(readFileSync(join(dir, name)), { file: name });
        const problems = findings.filter((f) => f.severity !== "info");
        expect(problems.map(brief)).toContainEqual(
          expect.stringMatching(
            new RegExp(`^${c.rule} L${c.line}:\\d+ ${escapeRegExp(c.pointer ?? "")}$`),
          ),
        );
        // The single-record cases cite ids they do not define: dangling references are expected
        // noise; any other extra finding would be a false report.
        const others = problems.filter(
          (f) =>
            !(f.ruleId === c.rule && f.line === c.line && f.pointer === c.pointer) &&
            f.ruleId !== "ref-dangling",
        );
        expect(others.map(brief)).toEqual([]);
      },
    );
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
