import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allJsonSchemas, SCHEMA_VERSION, schemaId } from "../src/index";
import { packageRoot, strictAjv } from "./helpers";

const dir = join(packageRoot, "json-schema", SCHEMA_VERSION);

describe("emitted JSON Schemas", () => {
  // The JSON files are what third parties download; if they drift from the zod model the two
  // halves of the standard disagree. `npm run codegen -w packages/schema` rewrites them.
  it("are exactly what the zod model generates now (run codegen if this fails)", () => {
    const expected = allJsonSchemas();
    const files = readdirSync(dir).sort();
    expect(files).toEqual(
      Object.keys(expected)
        .map((name) => `${name}.schema.json`)
        .sort(),
    );
    for (const [name, schema] of Object.entries(expected)) {
      const onDisk = readFileSync(join(dir, `${name}.schema.json`), "utf8");
      expect(onDisk, `${name}.schema.json is stale`).toBe(`${JSON.stringify(schema, null, 2)}\n`);
    }
  });

  it("carry the version in every $id and declare draft 2020-12", () => {
    for (const [name, schema] of Object.entries(allJsonSchemas())) {
      expect(schema.$id).toBe(schemaId(SCHEMA_VERSION, name));
      expect(String(schema.$id)).toContain(`/${SCHEMA_VERSION}/`);
      expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    }
  });

  it("compile in ajv's strict mode (no unknown keywords, no ambiguous types)", () => {
    const ajv = strictAjv(SCHEMA_VERSION);
    for (const name of Object.keys(allJsonSchemas())) {
      expect(ajv.getSchema(schemaId(SCHEMA_VERSION, name))).toBeTypeOf("function");
    }
  });

  it("document every property with a description, which becomes the schema's docs", () => {
    const undocumented: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (Array.isArray(node)) {
        node.forEach((item, i) => {
          walk(item, `${path}/${i}`);
        });
        return;
      }
      if (typeof node !== "object" || node === null) return;
      const object = node as Record<string, unknown>;
      const properties = object.properties as Record<string, Record<string, unknown>> | undefined;
      for (const [key, property] of Object.entries(properties ?? {})) {
        const documented =
          typeof property.description === "string" ||
          typeof property.$ref === "string" ||
          // a record's `type` discriminator documents itself through its const
          key === "type";
        if (!documented) undocumented.push(`${path}/properties/${key}`);
      }
      for (const [key, value] of Object.entries(object)) walk(value, `${path}/${key}`);
    };
    for (const [name, schema] of Object.entries(allJsonSchemas())) walk(schema, name);
    expect(undocumented).toEqual([]);
  });
});
