import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Finding, type ValidateOptions, validate } from "../src/index";

export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
export const repoRoot = join(packageRoot, "..", "..");

export function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export const HEADER = '{"type":"dataset","schemaVersion":"1.0","title":"Test"}';

/** An NDJSON dataset with a header and the given record lines. */
export function ndjson(...lines: string[]): string {
  return `${[HEADER, ...lines].join("\n")}\n`;
}

export async function findingsOf(
  input: Parameters<typeof validate>[0],
  options: ValidateOptions = {},
): Promise<Finding[]> {
  return (await validate(input, { file: "test.ndjson", ...options })).findings;
}

/** `rule L<line>:<column> <pointer>` — compact form for assertions. */
export function brief(f: Finding): string {
  return `${f.ruleId} L${f.line}:${f.column} ${f.pointer}`;
}

/** Splits bytes into chunks of the given sizes (cycled), to test chunk-boundary handling. */
export function* chunked(bytes: Uint8Array, sizes: number[]): Generator<Uint8Array> {
  let i = 0;
  let k = 0;
  while (i < bytes.length) {
    const size = Math.max(1, sizes[k++ % sizes.length] as number);
    yield bytes.slice(i, i + size);
    i += size;
  }
}

/**
 * The seed's records in the newest form a version can read: the 1.2 seed (examples/seed/
 * seed.ndjson) for 1.2 and later minors, the 1.0 compatibility fixture (seed-1.0.ndjson) for 1.0
 * and 1.1. A minor reads everything its predecessors wrote, never what its successors add.
 */
export function seedRecordsFor(version: string): unknown[] {
  const forms = ["seed.ndjson", "seed-1.0.ndjson"].map((name) => {
    const lines = readFileSync(join(repoRoot, "examples", "seed", name), "utf8")
      .split("\n")
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as { type?: string; schemaVersion?: string });
    return { version: lines[0]?.schemaVersion ?? "", records: lines.slice(1) };
  });
  const [major, minor] = version.split(".").map(Number);
  const readable = forms.filter((form) => {
    const [m, n] = form.version.split(".").map(Number);
    return m === major && (n ?? 0) <= (minor ?? 0);
  });
  const form = readable[0];
  if (!form) throw new Error(`no seed readable by ${version}`);
  return form.records;
}

/**
 * The record lines of the conformance corpus a version reads (its own and its earlier minors',
 * valid and invalid cases), without header lines.
 */
export function corpusLines(version: string): string[] {
  const conformance = join(repoRoot, "packages", "schema", "conformance");
  const [major = "", minor = ""] = version.split(".");
  const lines: string[] = [];
  for (const name of readdirSync(conformance)) {
    const [otherMajor, otherMinor] = name.split(".");
    if (otherMajor !== major || Number(otherMinor) > Number(minor)) continue;
    for (const kind of ["valid", "invalid"]) {
      for (const file of readdirSync(join(conformance, name, kind))) {
        for (const line of readFileSync(join(conformance, name, kind, file), "utf8").split("\n")) {
          if (line.trim() && !/"type":\s*"dataset"/.test(line)) lines.push(line);
        }
      }
    }
  }
  return lines;
}
