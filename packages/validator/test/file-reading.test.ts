/**
 * One thread reads an NDJSON file through two reused 1 MiB buffers (no fresh buffer per read:
 * dead chunks were external memory the garbage collector freed late). That is only right if
 * nothing holds a chunk across the next read, so these files make the reader keep bytes
 * across reads: records split across buffer ends, a first record longer than two buffers (the
 * header, whose version decides every check after it), megabytes of blank lines before the
 * first record. Each must give exactly the findings of the same text validated from memory.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error: plain JavaScript generator shared with the benchmark
import { generate } from "../bench/generate.mjs";
import { validate } from "../src/index";
import { validateFile } from "../src/node";

const dir = mkdtempSync(join(tmpdir(), "parley-file-reading-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MiB = 1 << 20;

function records(count: number, invalidShare: number): string[] {
  const lines: string[] = [];
  for (const record of generate(count, invalidShare, 7)) lines.push(JSON.stringify(record));
  return lines;
}

async function sameAsFromMemory(name: string, text: string): Promise<number> {
  const path = join(dir, name);
  writeFileSync(path, text);
  const fromFile = await validateFile(path);
  const fromMemory = await validate(text, { file: path });
  expect(fromFile.findings).toEqual(fromMemory.findings);
  expect(fromFile.summary).toEqual(fromMemory.summary);
  return fromFile.findings.length;
}

describe("one thread reading a file into reused buffers", () => {
  it("finds what validating the same text finds (records across buffer ends)", async () => {
    const lines = records(6_000, 0.1);
    expect(lines.join("\n").length).toBeGreaterThan(3 * MiB);
    // Findings on every kind of broken record, so a corrupted chunk would show.
    expect(await sameAsFromMemory("data.ndjson", `${lines.join("\n")}\n`)).toBeGreaterThan(100);
  });

  it("keeps a first record longer than two buffers intact", async () => {
    const lines = records(2_000, 0.1);
    const header = JSON.parse(lines[0] as string) as Record<string, unknown>;
    // The header line alone spans three reads; an unknown property is reported with its position.
    header.description = "x".repeat(2 * MiB + 12_345);
    header["x-unknown"] = "at the end of a 2 MiB line";
    lines[0] = JSON.stringify(header);
    const findings = await sameAsFromMemory("long-first.ndjson", `${lines.join("\n")}\n`);
    expect(findings).toBeGreaterThan(10);
  });

  it("finds the first record after megabytes of blank lines", async () => {
    const lines = records(2_000, 0.1);
    const text = `${"\n".repeat(MiB + 10)}${" ".repeat(MiB)}\n${lines.join("\n")}\n`;
    expect(await sameAsFromMemory("blank-start.ndjson", text)).toBeGreaterThan(10);
  });
});
