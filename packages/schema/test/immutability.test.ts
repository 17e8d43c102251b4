import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { emitVersion } from "../scripts/emit-json-schema";
import { renderJsonSchemaIndex, versionFolders } from "../scripts/json-schema-index";
import { readManifest, releasedFolderProblems } from "../scripts/released-manifest";
import {
  allJsonSchemas,
  jsonSchemaFor,
  jsonSchemasFor,
  LATEST_SCHEMA_VERSION,
  RELEASED_SCHEMA_VERSIONS,
  SCHEMA_VERSION,
  SCHEMA_VERSIONS,
  schemaId,
} from "../src/index";
import { packageRoot } from "./helpers";

const jsonSchemaDir = join(packageRoot, "json-schema");

/**
 * Published datasets were validated against a released version's JSON Schemas, and anyone may
 * have pinned those files by URL. Changing them would silently change what "valid Parley 1.0"
 * means, so a released folder is frozen byte for byte.
 */
describe("released JSON Schemas are immutable", () => {
  it("every released version's folder still hashes to what json-schema/released.json recorded", () => {
    expect(Object.keys(readManifest(jsonSchemaDir).versions).length).toBeGreaterThan(0);
    expect(releasedFolderProblems(jsonSchemaDir)).toEqual([]);
  });

  describe("the check itself notices each kind of tampering", () => {
    const scratch: string[] = [];
    afterEach(() => {
      for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
    });
    function copyOfJsonSchemaDir(): string {
      const dir = mkdtempSync(join(tmpdir(), "parley-immutability-"));
      scratch.push(dir);
      cpSync(jsonSchemaDir, dir, { recursive: true });
      return dir;
    }
    const released = RELEASED_SCHEMA_VERSIONS[0] ?? "1.0";

    it("a changed byte (even a description) is reported", () => {
      const dir = copyOfJsonSchemaDir();
      const file = join(dir, released, "event.schema.json");
      writeFileSync(file, readFileSync(file, "utf8").replace("description", "Description"));
      expect(releasedFolderProblems(dir)).toEqual([
        `json-schema/${released}/event.schema.json was changed`,
      ]);
    });

    it("a deleted file and an added file are reported", () => {
      const dir = copyOfJsonSchemaDir();
      unlinkSync(join(dir, released, "quote.schema.json"));
      writeFileSync(join(dir, released, "extra.schema.json"), "{}\n");
      expect(releasedFolderProblems(dir).sort()).toEqual([
        `json-schema/${released}/extra.schema.json was added`,
        `json-schema/${released}/quote.schema.json was deleted`,
      ]);
    });
  });
});

describe("codegen never rewrites a released version", () => {
  const scratch: string[] = [];
  afterEach(() => {
    for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const released = RELEASED_SCHEMA_VERSIONS[0] ?? "1.0";
  function copy(): string {
    const dir = mkdtempSync(join(tmpdir(), "parley-codegen-"));
    scratch.push(dir);
    cpSync(jsonSchemaDir, dir, { recursive: true });
    return dir;
  }
  const changedModel = () => {
    const schemas = structuredClone(jsonSchemasFor(released)) as Record<
      string,
      Record<string, unknown>
    >;
    for (const schema of Object.values(schemas)) schema.description = "edited after release";
    return schemas;
  };

  it("refuses a model that no longer produces a released version's files, and writes nothing", () => {
    const dir = copy();
    const outcome = emitVersion(dir, released, changedModel());
    expect(outcome.status).toBe("refused");
    expect(outcome.status === "refused" && outcome.message).toMatch(
      /is released.*frozen[\s\S]*SCHEMA_VERSION/,
    );
    expect(releasedFolderProblems(dir)).toEqual([]);
  });

  it("writes a new version beside the released ones, which stay intact", () => {
    const dir = copy();
    const outcome = emitVersion(dir, "9.0", changedModel());
    expect(outcome.status).toBe("written");
    expect(existsSync(join(dir, "9.0", "dataset.schema.json"))).toBe(true);
    expect(releasedFolderProblems(dir)).toEqual([]);
  });

  it("accepts a released version whose files the model still produces exactly", () => {
    const dir = copy();
    expect(emitVersion(dir, released, { ...jsonSchemasFor(released) }).status).toBe("unchanged");
  });
});

describe("the version registry", () => {
  it("ships every version folder, oldest first, and the working version is the latest", () => {
    expect(SCHEMA_VERSIONS).toEqual(versionFolders(jsonSchemaDir));
    expect(LATEST_SCHEMA_VERSION).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSIONS.at(-1)).toBe(SCHEMA_VERSION);
    for (const released of RELEASED_SCHEMA_VERSIONS) expect(SCHEMA_VERSIONS).toContain(released);
  });

  it("bundles the JSON Schemas of every version (src/generated/json-schemas.ts is current)", () => {
    const committed = readFileSync(
      join(packageRoot, "src", "generated", "json-schemas.ts"),
      "utf8",
    );
    expect(committed, "run `npm run codegen -w packages/schema`").toBe(
      renderJsonSchemaIndex(jsonSchemaDir),
    );
  });

  it("gives each version's own files, each with that version's $id", () => {
    for (const version of SCHEMA_VERSIONS) {
      for (const [name, document] of Object.entries(jsonSchemasFor(version))) {
        expect(document.$id).toBe(schemaId(version, name));
        const onDisk = JSON.parse(
          readFileSync(join(jsonSchemaDir, version, `${name}.schema.json`), "utf8"),
        );
        expect(document).toEqual(onDisk);
      }
    }
  });

  it("resolves 'latest' to what the zod model generates", () => {
    expect(jsonSchemasFor("latest")).toEqual(allJsonSchemas());
    expect(jsonSchemaFor("latest", "dataset")).toBe(
      jsonSchemaFor(LATEST_SCHEMA_VERSION, "dataset"),
    );
  });

  it("says which versions and names exist when asked for one it lacks", () => {
    expect(() => jsonSchemaFor("0.9", "dataset")).toThrow(
      /Unknown Parley version '0.9'.*ships 1\.0/,
    );
    expect(() => jsonSchemaFor(SCHEMA_VERSION, "meeting")).toThrow(
      /no JSON Schema named 'meeting'.*dataset/,
    );
  });
});
