/**
 * The manifest of released standard versions, json-schema/released.json: for each released
 * version, the SHA-256 of every file in its folder. A released version's JSON Schemas are what
 * published datasets were validated against, so they never change; the immutability test
 * re-hashes the folders against this manifest and the emit script refuses to rewrite them.
 *
 *   tsx scripts/released-manifest.ts --check            verify every released folder
 *   tsx scripts/released-manifest.ts --freeze <version> record a version as released
 *   tsx scripts/released-manifest.ts --freeze-working   record SCHEMA_VERSION, unless already released
 *   tsx scripts/released-manifest.ts --freeze <version> --amend
 *        re-record an already frozen version; only for a version that was never published
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { SCHEMA_VERSION } from "../src/version";

export type ReleasedManifest = {
  $comment?: string;
  versions: Record<string, { frozen: string; sha256: Record<string, string> }>;
};

export const MANIFEST_FILE = "released.json";

export function readManifest(jsonSchemaDir: string): ReleasedManifest {
  const path = join(jsonSchemaDir, MANIFEST_FILE);
  if (!existsSync(path)) return { versions: {} };
  return JSON.parse(readFileSync(path, "utf8")) as ReleasedManifest;
}

export function hashFolder(versionDir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(versionDir)
      .sort()
      .map((file) => [
        file,
        createHash("sha256")
          .update(readFileSync(join(versionDir, file)))
          .digest("hex"),
      ]),
  );
}

/** Every difference between the released folders and the manifest, as sentences; empty when intact. */
export function releasedFolderProblems(jsonSchemaDir: string): string[] {
  const problems: string[] = [];
  for (const [version, entry] of Object.entries(readManifest(jsonSchemaDir).versions)) {
    const dir = join(jsonSchemaDir, version);
    if (!existsSync(dir)) {
      problems.push(`json-schema/${version}/ is missing, but ${version} is a released version`);
      continue;
    }
    const actual = hashFolder(dir);
    for (const [file, hash] of Object.entries(entry.sha256)) {
      if (!(file in actual)) problems.push(`json-schema/${version}/${file} was deleted`);
      else if (actual[file] !== hash) problems.push(`json-schema/${version}/${file} was changed`);
    }
    for (const file of Object.keys(actual)) {
      if (!(file in entry.sha256)) problems.push(`json-schema/${version}/${file} was added`);
    }
  }
  return problems;
}

export function freezeVersion(
  jsonSchemaDir: string,
  version: string,
  amend = false,
): ReleasedManifest {
  const manifest = readManifest(jsonSchemaDir);
  if (manifest.versions[version] && !amend) {
    throw new Error(`${version} is already released; released versions are immutable`);
  }
  const dir = join(jsonSchemaDir, version);
  if (!existsSync(dir))
    throw new Error(`json-schema/${version}/ does not exist: run codegen first`);
  manifest.versions[version] = {
    frozen: new Date().toISOString().slice(0, 10),
    sha256: hashFolder(dir),
  };
  manifest.$comment =
    "Released versions of the Parley standard and the SHA-256 of each JSON Schema file. These folders never change; see CONTRIBUTING.md.";
  const ordered: ReleasedManifest = { $comment: manifest.$comment, versions: manifest.versions };
  writeFileSync(join(jsonSchemaDir, MANIFEST_FILE), `${JSON.stringify(ordered, null, 2)}\n`);
  return ordered;
}

const isMain = process.argv[1] === fileURLToPath(import.meta.url);
if (isMain) {
  const jsonSchemaDir = join(dirname(fileURLToPath(import.meta.url)), "..", "json-schema");
  const args = process.argv.slice(2);
  const freezeAt = args.indexOf("--freeze");
  if (args.includes("--freeze-working")) {
    // The release's version step: the working version becomes a released one, unless it is already.
    if (readManifest(jsonSchemaDir).versions[SCHEMA_VERSION]) {
      console.log(`Parley ${SCHEMA_VERSION} is already released`);
    } else {
      freezeVersion(jsonSchemaDir, SCHEMA_VERSION);
      console.log(
        `froze Parley ${SCHEMA_VERSION}: json-schema/${SCHEMA_VERSION}/ recorded in ${MANIFEST_FILE}`,
      );
    }
  } else if (freezeAt >= 0) {
    const version = args[freezeAt + 1];
    if (!version) throw new Error("--freeze needs a version, e.g. --freeze 1.1");
    freezeVersion(jsonSchemaDir, version, args.includes("--amend"));
    console.log(`froze Parley ${version}: json-schema/${version}/ recorded in ${MANIFEST_FILE}`);
  } else {
    const problems = releasedFolderProblems(jsonSchemaDir);
    for (const problem of problems) console.error(`released schema changed: ${problem}`);
    if (problems.length > 0) process.exit(1);
    console.log("released JSON Schemas intact");
  }
}
