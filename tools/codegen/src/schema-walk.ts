/**
 * The one walk over a version's JSON Schema that the validator's targets compile from: the
 * compiled checker of parsed records (emit-checker.ts) and the byte-level scanner (emit-
 * scanner.ts). It resolves `$ref`s, reads each node into the shape the emitters switch on —
 * union, closed object, open object, array, string, number, boolean, any value — with the
 * keywords that shape may carry, and fails the generation loudly on a keyword or a form it
 * does not know, rather than letting one emitter skip what the other checks.
 */
import { ANNOTATIONS, type JsonSchemaNode, resolveRef } from "./json-schema";

export type Schema = Record<string, unknown>;

export type SchemaShape =
  | {
      kind: "union";
      /** `oneOf` (exactly one branch) rather than `anyOf`. */
      one: boolean;
      branches: Schema[];
      /** For a `oneOf` of object branches each with its own `type` constant: value → branch. */
      byType: Array<[string, Schema]> | undefined;
    }
  | { kind: "closedObject"; properties: Array<[string, Schema]>; required: string[] }
  /** `additionalProperties: {}` and no properties: any object. */
  | { kind: "openObject" }
  | { kind: "array"; items: Schema | undefined; minItems?: number; maxItems?: number }
  | {
      kind: "string";
      minLength?: number;
      maxLength?: number;
      pattern?: string;
      enum?: unknown[];
      const?: unknown;
      format?: string;
      /** `x-parley-codelist: country`. */
      country: boolean;
    }
  | {
      kind: "number";
      integer: boolean;
      minimum?: number;
      maximum?: number;
      exclusiveMinimum?: number;
      exclusiveMaximum?: number;
    }
  | { kind: "boolean" }
  /** No constraint at all: any JSON value. */
  | { kind: "any" };

const number = (value: unknown): number | undefined =>
  typeof value === "number" ? value : undefined;

export class SchemaWalk {
  private readonly defs: Record<string, JsonSchemaNode>;

  constructor(record: Schema) {
    this.defs = (record.$defs ?? {}) as Record<string, JsonSchemaNode>;
  }

  /** The node a `$ref` points at (the node itself otherwise), with its `$defs` name. */
  resolve(node: Schema): { node: Schema; defName?: string } {
    return resolveRef(this.defs, node as JsonSchemaNode) as { node: Schema; defName?: string };
  }

  /** What `node` (resolved) is, with the keywords of that shape; throws on anything else. */
  shape(node: Schema): SchemaShape {
    const known = new Set(Object.keys(node).filter((k) => !ANNOTATIONS.has(k)));
    const take = (...keys: string[]) => {
      for (const k of keys) known.delete(k);
    };
    const shape = this.classify(node, take);
    if (known.size)
      throw new Error(
        `unsupported keywords: ${[...known].join(", ")} in ${JSON.stringify(node).slice(0, 160)}`,
      );
    return shape;
  }

  private classify(node: Schema, take: (...keys: string[]) => void): SchemaShape {
    if (node.anyOf || node.oneOf) {
      take("anyOf", "oneOf");
      const one = Boolean(node.oneOf);
      const branches = (node.anyOf ?? node.oneOf) as Schema[];
      return { kind: "union", one, branches, byType: one ? this.byType(branches) : undefined };
    }
    const type = node.type;
    take("type");
    if (type === "object") {
      take("properties", "required", "additionalProperties", "propertyNames");
      const props = (node.properties ?? {}) as Record<string, Schema>;
      if (node.additionalProperties === false)
        return {
          kind: "closedObject",
          properties: Object.entries(props),
          required: (node.required ?? []) as string[],
        };
      if (
        node.additionalProperties !== undefined &&
        typeof node.additionalProperties === "object" &&
        Object.keys(node.additionalProperties as object).length === 0 &&
        Object.keys(props).length === 0
      )
        return { kind: "openObject" };
      throw new Error(`unsupported object schema (${JSON.stringify(node).slice(0, 120)})`);
    }
    if (type === "array") {
      take("items", "minItems", "maxItems");
      return {
        kind: "array",
        items: node.items as Schema | undefined,
        minItems: number(node.minItems),
        maxItems: number(node.maxItems),
      };
    }
    if (type === "string") {
      take("minLength", "maxLength", "pattern", "enum", "const", "format");
      return {
        kind: "string",
        minLength: number(node.minLength),
        maxLength: number(node.maxLength),
        pattern: typeof node.pattern === "string" ? node.pattern : undefined,
        enum: Array.isArray(node.enum) ? node.enum : undefined,
        const: node.const,
        format: typeof node.format === "string" ? node.format : undefined,
        country: node["x-parley-codelist"] === "country",
      };
    }
    if (type === "number" || type === "integer") {
      take("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum");
      return {
        kind: "number",
        integer: type === "integer",
        minimum: number(node.minimum),
        maximum: number(node.maximum),
        exclusiveMinimum: number(node.exclusiveMinimum),
        exclusiveMaximum: number(node.exclusiveMaximum),
      };
    }
    if (type === "boolean") return { kind: "boolean" };
    if (type === undefined && Object.keys(node).every((k) => ANNOTATIONS.has(k)))
      return { kind: "any" };
    throw new Error(`unsupported type ${JSON.stringify(type)}`);
  }

  /** For a `oneOf` of objects each with a distinct `type` constant: the dispatch table. */
  private byType(branches: Schema[]): Array<[string, Schema]> | undefined {
    const table: Array<[string, Schema]> = [];
    for (const branch of branches) {
      const { node } = this.resolve(branch);
      const c = (node.properties as Record<string, Schema> | undefined)?.type?.const;
      if (
        node.type !== "object" ||
        typeof c !== "string" ||
        !(node.required as string[] | undefined)?.includes("type")
      )
        return undefined;
      if (table.some(([v]) => v === c)) return undefined;
      table.push([c, branch]);
    }
    return table;
  }
}

/**
 * Names for the constants of a generated module (`RE0`, `SET3`…): one per distinct key, in
 * order of first use (so a schema that does not change gives the same names).
 */
export class ConstantNames {
  private readonly names = new Map<string, string>();

  constructor(private readonly prefix: string) {}

  of(key: string): string {
    let name = this.names.get(key);
    if (!name) {
      name = `${this.prefix}${this.names.size}`;
      this.names.set(key, name);
    }
    return name;
  }

  /** [key, name] pairs, in order of first use. */
  entries(): Array<[string, string]> {
    return [...this.names];
  }
}
