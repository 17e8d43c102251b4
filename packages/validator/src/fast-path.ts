/**
 * The byte-level fast path of NDJSON records: the version's generated scanner
 * (src/generated/scan/) decides the record from its bytes and hands back the projection the
 * dataset rules read (dataset/reads.ts). Undefined means undecided: the engine takes the exact
 * path (decode, JSON.parse, compiled checker, explanations with positions), so what the
 * scanner does not decide can change no finding.
 */
import { ruleWant } from "./dataset/reads";
import { SCANNERS } from "./generated/scan/scanners.gen";
import { tok } from "./scan-runtime";
import type { VersionModule } from "./versions";

export function scanRecord(
  mod: VersionModule,
  bytes: Uint8Array,
  maxDepth: number,
): Record<string, unknown> | undefined {
  const record = SCANNERS[mod.VERSION](bytes, maxDepth, ruleWant(mod));
  // A record naming another version is reported (schema-version-mismatch) by the exact path.
  if (
    record === undefined ||
    (record.schemaVersion !== undefined && record.schemaVersion !== mod.VERSION)
  )
    return undefined;
  return record;
}

/** After an accepted record: it had no byte above 0x7f (a column is then a byte offset). */
export function lastRecordWasAscii(): boolean {
  return tok.ascii;
}
