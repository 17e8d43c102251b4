import fc from "fast-check";

/**
 * Random data valid against a JSON Schema, for the migration property tests. It covers the
 * keywords the Parley model emits ($ref/$defs, anyOf/oneOf, const, enum, pattern, format,
 * bounds, closed and open objects, arrays); it throws on any other keyword, so a model change
 * that this generator cannot honour is noticed instead of producing invalid data.
 */
type Schema = Record<string, unknown>;

const UNDERSTOOD = new Set([
  "$schema",
  "$id",
  "$ref",
  "$defs",
  "id",
  "title",
  "description",
  "x-parley-ref",
  "x-parley-codelist",
  "type",
  "const",
  "enum",
  "anyOf",
  "oneOf",
  "pattern",
  "format",
  "minLength",
  "maxLength",
  "minimum",
  "maximum",
  "minItems",
  "maxItems",
  "items",
  "properties",
  "required",
  "additionalProperties",
  "propertyNames",
]);

const MAX_ITEMS = 2;
const MAX_DEPTH = 8;

export function arbitraryFromJsonSchema(document: Schema): fc.Arbitrary<unknown> {
  const defs = (document.$defs ?? {}) as Record<string, Schema>;
  const build = (schema: Schema, depth: number): fc.Arbitrary<unknown> => {
    for (const key of Object.keys(schema)) {
      if (!UNDERSTOOD.has(key))
        throw new Error(`arbitraryFromJsonSchema: unsupported keyword '${key}'`);
    }
    if (typeof schema.$ref === "string") {
      const name = schema.$ref.replace("#/$defs/", "");
      const target = defs[name];
      if (!target) throw new Error(`unresolved $ref ${schema.$ref}`);
      const { $ref: _ref, ...siblings } = schema;
      return build({ ...target, ...siblings }, depth);
    }
    if ("const" in schema) return fc.constant(schema.const);
    if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
    const variants = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
    if (variants) return fc.oneof(...variants.map((variant) => build(variant, depth + 1)));
    switch (schema.type) {
      case "string":
        return stringArbitrary(schema);
      case "integer":
        return fc.integer({
          min: Math.max(Number(schema.minimum ?? -1_000_000), -1_000_000),
          max: Math.min(Number(schema.maximum ?? 1_000_000), 1_000_000),
        });
      case "number":
        return fc.double({
          min: Number(schema.minimum ?? -1e9),
          max: Number(schema.maximum ?? 1e9),
          noNaN: true,
          noDefaultInfinity: true,
        });
      case "boolean":
        return fc.boolean();
      case "array": {
        const minLength = Number(schema.minItems ?? 0);
        if (depth > MAX_DEPTH && minLength === 0) return fc.constant([]);
        return fc.array(build((schema.items ?? {}) as Schema, depth + 1), {
          minLength,
          maxLength: Math.min(
            Number(schema.maxItems ?? Number.POSITIVE_INFINITY),
            minLength + MAX_ITEMS,
          ),
        });
      }
      case "object": {
        const properties = (schema.properties ?? {}) as Record<string, Schema>;
        const required = (schema.required ?? []) as string[];
        const fixed = fc.record(
          Object.fromEntries(
            Object.entries(properties).map(([key, property]) => [key, build(property, depth + 1)]),
          ),
          { requiredKeys: required },
        );
        const extra = schema.additionalProperties;
        if (extra === false || extra === undefined || Object.keys(properties).length > 0)
          return fixed;
        // An open map such as `extensions`: any keys, any JSON values.
        return fc.dictionary(
          fc.string({ minLength: 1, maxLength: 12 }),
          fc.jsonValue({ maxDepth: 2 }),
          {
            maxKeys: 3,
          },
        );
      }
      case undefined:
        return fc.jsonValue({ maxDepth: 2 });
      default:
        throw new Error(`arbitraryFromJsonSchema: unsupported type ${String(schema.type)}`);
    }
  };
  const { $defs: _defs, $schema: _schema, $id: _id, ...root } = document;
  return build(root, 0);
}

function stringArbitrary(schema: Schema): fc.Arbitrary<string> {
  const minLength = Number(schema.minLength ?? 0);
  const maxLength = Number(schema.maxLength ?? Number.POSITIVE_INFINITY);
  const fits = (value: string) => value.length >= minLength && value.length <= maxLength;
  if (schema.format === "uri") return fc.webUrl().filter(fits);
  if (schema.format === "date") {
    return fc
      .date({ min: new Date("1900-01-01"), max: new Date("2100-12-31"), noInvalidDate: true })
      .map((date) => date.toISOString().slice(0, 10));
  }
  if (schema.format !== undefined) throw new Error(`unsupported format ${String(schema.format)}`);
  if (typeof schema.pattern === "string")
    return fc.stringMatching(new RegExp(schema.pattern)).filter(fits);
  return fc.string({ minLength, maxLength: Math.min(maxLength, minLength + 12) });
}
