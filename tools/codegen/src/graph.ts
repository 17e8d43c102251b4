/**
 * The reference sites and code-list fields of a schema model: part of the front end every
 * target shares, so that the SDK's reference graph and the validator's reference collectors
 * are the same walk over the same schema and cannot disagree.
 */
import { defName, type JsonSchemaNode, type SchemaModel } from "./json-schema";

/** One field that holds the id of another record, found by its `x-parley-ref` metadata. */
export interface ReferenceEdge {
  recordType: string;
  /** Property names from the record's root; "*" stands for every item of an array. */
  path: string[];
  target: string;
  /** The named schema ($def) in which the field is declared, e.g. "Citation", "Participant". */
  declaredIn: string;
}

/** One field whose values come from a code list, found by its `x-parley-codelist` metadata. */
export interface CodelistEdge {
  recordType: string;
  path: string[];
  /** "country" (ISO 3166 codes), "closed" (only the listed values) or "open" (listed values recommended). */
  codelist: string;
  /** The listed values, when the schema enumerates them. */
  values?: string[];
  declaredIn: string;
}

interface Visitor {
  onReference(path: string[], target: string, declaredIn: string): void;
  onCodelist(
    path: string[],
    codelist: string,
    values: string[] | undefined,
    declaredIn: string,
  ): void;
}

/**
 * Walks a record's schema. Union variants share the path of the union (a streaming walker
 * looks for the property, whichever variant the value is), and array items add "*". A `$ref`
 * seen twice on one branch would be a recursive schema; the walk stops there rather than loop.
 */
function walk(
  model: SchemaModel,
  node: JsonSchemaNode | boolean | undefined,
  path: string[],
  declaredIn: string,
  visiting: string[],
  visitor: Visitor,
): void {
  if (node === undefined || typeof node === "boolean") return;
  const target = node["x-parley-ref"];
  if (typeof target === "string") visitor.onReference(path, target, declaredIn);
  const codelist = node["x-parley-codelist"];
  if (typeof codelist === "string") {
    const values = enumValues(model, node);
    visitor.onCodelist(path, codelist, values, declaredIn);
  }
  if (node.$ref) {
    const name = defName(node.$ref);
    if (visiting.includes(name)) return;
    walk(model, model.defs[name], path, name, [...visiting, name], visitor);
  }
  for (const variant of [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])]) {
    walk(model, variant, path, declaredIn, visiting, visitor);
  }
  for (const [key, value] of Object.entries(node.properties ?? {})) {
    walk(model, value, [...path, key], declaredIn, visiting, visitor);
  }
  if (node.items) walk(model, node.items, [...path, "*"], declaredIn, visiting, visitor);
  if (typeof node.additionalProperties === "object") {
    walk(model, node.additionalProperties, [...path, "*"], declaredIn, visiting, visitor);
  }
}

function enumValues(model: SchemaModel, node: JsonSchemaNode): string[] | undefined {
  if (node.enum) return node.enum.map(String);
  if (node.$ref) {
    const def = model.defs[defName(node.$ref)];
    if (def?.enum) return def.enum.map(String);
  }
  return undefined;
}

export function collectGraph(model: SchemaModel): {
  references: ReferenceEdge[];
  codelists: CodelistEdge[];
} {
  const references: ReferenceEdge[] = [];
  const codelists: CodelistEdge[] = [];
  for (const recordType of model.recordTypes) {
    const name = model.typeNames[recordType] as string;
    const seenReferences = new Set<string>();
    const seenCodelists = new Set<string>();
    walk(model, model.defs[name], [], name, [name], {
      onReference(path, target, declaredIn) {
        if (!model.recordTypes.includes(target)) {
          throw new Error(
            `${recordType} field ${path.join("/")} points at '${target}', which is not a record type of the schema`,
          );
        }
        const key = `${path.join("/")}>${target}`;
        if (seenReferences.has(key)) return;
        seenReferences.add(key);
        references.push({ recordType, path, target, declaredIn });
      },
      onCodelist(path, codelist, values, declaredIn) {
        const key = path.join("/");
        if (seenCodelists.has(key)) return;
        seenCodelists.add(key);
        codelists.push({ recordType, path, codelist, ...(values ? { values } : {}), declaredIn });
      },
    });
  }
  return { references, codelists };
}

/** A reference site as a JSON Pointer template relative to the record ("*" for an array index). */
export function pointerTemplate(path: readonly string[]): string {
  return path
    .map((p) => `/${p === "*" ? "*" : p.replace(/~/g, "~0").replace(/\//g, "~1")}`)
    .join("");
}
