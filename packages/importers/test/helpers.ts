import { existsSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { DatasetHeader, ParleyRecord } from "@parley/schema";
import { ParleyRecord as RecordSchema } from "@parley/schema";
import { validate } from "@parley/validator";
import { expect } from "vitest";
import { collect, type ImportRun } from "../src/index";

const here = dirname(fileURLToPath(import.meta.url));
export const fixtures = join(here, "fixtures");
/** The shared third-party samples: `<repo root>/../shared/data/third-party` (absent on some machines). */
export const shared = resolve(here, "../../../../shared/data/third-party");
export const hasShared = existsSync(shared);

export function filesIn(dir: string, extension: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(extension))
    .sort()
    .map((name) => join(dir, name));
}

export interface Imported {
  records: ParleyRecord[];
  run: ImportRun;
  byId: Map<string, ParleyRecord>;
  ofType<T extends ParleyRecord["type"]>(type: T): Extract<ParleyRecord, { type: T }>[];
}

export async function runImport(run: ImportRun): Promise<Imported> {
  const records = await collect(run);
  const byId = new Map(records.map((record) => [record.id, record]));
  return {
    records,
    run,
    byId,
    ofType: <T extends ParleyRecord["type"]>(type: T) =>
      records.filter((record) => record.type === type) as Extract<ParleyRecord, { type: T }>[],
  };
}

/** Every record parses with the standard's zod model, and the NDJSON validates with no error. */
export async function expectValid(
  header: DatasetHeader,
  records: readonly ParleyRecord[],
): Promise<void> {
  for (const record of records) {
    const parsed = RecordSchema.safeParse(record);
    expect(
      parsed.success,
      `${record.id}: ${JSON.stringify(parsed.error?.issues.slice(0, 2))}`,
    ).toBe(true);
  }
  const ndjson = [header, ...records].map((line) => JSON.stringify(line)).join("\n");
  const result = await validate(ndjson, { file: "import.ndjson" });
  expect(result.findings.filter((finding) => finding.severity === "error")).toEqual([]);
  expect(result.summary.records).toBe(records.length);
}
