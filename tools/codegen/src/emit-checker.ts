/**
 * The validator target: compiles a version's JSON Schema into the validator's fast path: straight-line TypeScript
 * with no interpretation at run time (the role typia or ajv standalone code plays elsewhere).
 *
 * For each version the output module exports
 * - `checkRecord(x)`: true when a parsed record is valid (structure, formats, code lists,
 *   calendar days). It also sums, in `textLowerBound()`, the fewest characters a JSON text of
 *   the record can have, which lets the engine rule out duplicate keys without re-reading the
 *   text (see src/engine.ts).
 * - `collectReferences(x, type, emit)`: every reference (`x-parley-ref`) of a record, defensive
 *   about shapes so that it also works on invalid records.
 * - `REFERENCE_SITES`: where references are, as pointer templates with `*` for array items.
 * - the JSON Schemas themselves, which the explaining interpreter (src/explain.ts) walks.
 *
 * Only the keywords the standard's schemas use are supported; anything else fails the
 * generation loudly rather than being skipped.
 */

import { collectGraph, pointerTemplate } from "./graph";
import { type JsonSchemaNode, modelFromDocument } from "./json-schema";
import { ConstantNames, type Schema, SchemaWalk } from "./schema-walk";

/**
 * JSON Schema patterns are ECMA-262 regexes with the `u` flag. For a pattern made only of
 * ASCII literals, ASCII classes, anchors, groups and quantifiers, the flag cannot change what
 * matches (an astral character fails the ASCII classes either way), and V8 runs such patterns
 * faster without it.
 */
export function needsUnicodeFlag(pattern: string): boolean {
  if (/[^\x20-\x7e]/.test(pattern)) return true;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") {
      if (/[pPuUkx]/.test(pattern[i + 1] ?? "")) return true;
      i++;
    } else if (inClass) {
      if (c === "]") inClass = false;
    } else if (c === "[") {
      if (pattern[i + 1] === "^") return true;
      inClass = true;
    } else if (c === ".") return true;
  }
  return false;
}

export interface VersionSchemas {
  version: string;
  record: Schema;
  header: Schema;
  dataset: Schema;
}

export interface ReferenceSite {
  recordType: string;
  /** JSON Pointer template relative to the record; `*` stands for an array index. */
  pointer: string;
  target: string;
}

/**
 * The module of one version: `header` is the generated-file header (see index.ts). Reference
 * sites come from the front end's graph of the version's own JSON Schema (its `x-parley-ref`
 * annotations), the same walk that gives the SDK its `REFERENCE_GRAPH`.
 */
export function compileVersion(
  { version, record, header, dataset }: VersionSchemas,
  fileHeader: string,
): string {
  const defs = (record.$defs ?? {}) as Record<string, Schema>;
  const walk = new SchemaWalk(record);
  const lines: string[] = [];
  const fnNames = new Map<Schema, string>();
  const exactNames = new Map<Schema, string>();
  const regexes = new ConstantNames("RE");
  const enums = new ConstantNames("ENUM");
  let counter = 0;

  /**
   * Returns the name of a function `(x, d) => boolean` checking `node` (d: depth of x if a
   * container). `exact` variants also refuse unknown members: needed inside union branches,
   * where accepting `{country, organization}` as the `{country}` form would pick the wrong
   * branch. Elsewhere unknown members are left to the engine's text-length comparison.
   */
  function fn(input: Schema, exact = false): string {
    const { node, defName } = walk.resolve(input);
    const names = exact ? exactNames : fnNames;
    const existing = names.get(node);
    if (existing) return existing;
    const base = defName ? `d_${defName.replace(/[^A-Za-z0-9_]/g, "_")}` : `f${counter++}`;
    const name = exact ? `${base}_x` : base;
    names.set(node, name);
    const body = compile(node, defName, exact);
    lines.push(`function ${name}(x: any, d: number): boolean {\n${body}\n  return true;\n}`);
    return name;
  }

  function compile(node: Schema, defName: string | undefined, exact: boolean): string {
    const out: string[] = [];
    const shape = walk.shape(node);
    switch (shape.kind) {
      case "union": {
        const { branches, byType } = shape;
        if (byType) {
          out.push('  if (typeof x !== "object" || x === null || Array.isArray(x)) return false;');
          out.push("  switch (x.type) {");
          for (const [value, branch] of byType) {
            out.push(`    case ${JSON.stringify(value)}: return ${fn(branch, exact)}(x, d);`);
          }
          out.push("    default: return false;");
          out.push("  }");
        } else if (shape.one) {
          out.push("  const s = L;");
          out.push("  let hits = 0;");
          out.push("  let kept = 0;");
          for (const branch of branches) {
            out.push(`  L = s; if (${fn(branch, true)}(x, d)) { hits++; kept = L; }`);
          }
          out.push("  if (hits !== 1) return false;");
          out.push("  L = kept;");
        } else {
          out.push("  const s = L;");
          const names = branches.map((b) => fn(b, true));
          out.push(
            `  if (${names.map((n) => `(L = s, ${n}(x, d))`).join(" || ")}) {} else return false;`,
          );
        }
        break;
      }
      case "closedObject": {
        const { required } = shape;
        // Values are read by name (monomorphic inline caches). Unknown keys are NOT looked for
        // here: an unknown member adds at least four characters ('"":0') to the record's
        // text that the text lower bound L does not account for, so the engine's length
        // comparison sends such a record to the explaining path (see src/engine.ts).
        out.push('  if (typeof x !== "object" || x === null || Array.isArray(x)) return false;');
        out.push("  let n = 0;");
        out.push("  let v: any;");
        for (const [prop, schema] of shape.properties) {
          if (prop in Object.prototype)
            throw new Error(
              `property name '${prop}' shadows Object.prototype; read it with hasOwn`,
            );
          const access = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(prop)
            ? `x.${prop}`
            : `x[${JSON.stringify(prop)}]`;
          const check = `if (!${fn(schema, exact)}(v, d + 1)) return false; n++; L += ${prop.length + 3};`;
          out.push(
            required.includes(prop)
              ? `  v = ${access}; if (v === undefined) return false; ${check}`
              : `  v = ${access}; if (v !== undefined) { ${check} }`,
          );
        }
        if (exact) {
          out.push("  let keys = 0;");
          out.push("  for (const _ in x) keys++;");
          out.push("  if (keys !== n) return false;");
        }
        out.push("  L += n === 0 ? 2 : n + 1;");
        if (defName === "PartialDate") {
          // Days 1-28 exist in every month: only days 29-31 need the calendar.
          out.push(
            "  if (x.value.length === 10 && x.value.charCodeAt(8) >= 50 && x.value.charCodeAt(9) + (x.value.charCodeAt(8) - 48) * 10 >= 77 && !isRealPartialDate(x.value)) return false;",
          );
        }
        break;
      }
      case "openObject":
        out.push('  if (typeof x !== "object" || x === null || Array.isArray(x)) return false;');
        out.push("  return anyValue(x, d);");
        break;
      case "array":
        out.push("  if (!Array.isArray(x)) return false;");
        if (shape.minItems !== undefined)
          out.push(`  if (x.length < ${shape.minItems}) return false;`);
        if (shape.maxItems !== undefined)
          out.push(`  if (x.length > ${shape.maxItems}) return false;`);
        if (shape.items) {
          out.push(
            `  for (let i = 0; i < x.length; i++) if (!${fn(shape.items, exact)}(x[i], d + 1)) return false;`,
          );
        } else {
          out.push(
            "  for (let i = 0; i < x.length; i++) if (!anyValue(x[i], d + 1)) return false;",
          );
        }
        out.push("  L += x.length === 0 ? 2 : x.length + 1;");
        break;
      case "string":
        out.push('  if (typeof x !== "string") return false;');
        if (shape.minLength !== undefined) {
          out.push(
            shape.minLength === 1
              ? "  if (x.length === 0) return false;"
              : `  if (codePointLength(x) < ${shape.minLength}) return false;`,
          );
        }
        if (shape.maxLength !== undefined)
          out.push(`  if (codePointLength(x) > ${shape.maxLength}) return false;`);
        if (shape.pattern !== undefined)
          out.push(`  if (!${regexes.of(shape.pattern)}.test(x)) return false;`);
        if (shape.enum) {
          if (shape.enum.length > 8) {
            out.push(`  if (!${enums.of(JSON.stringify(shape.enum))}.has(x)) return false;`);
          } else {
            out.push(
              `  switch (x) { ${shape.enum.map((v) => `case ${JSON.stringify(v)}:`).join(" ")} break; default: return false; }`,
            );
          }
        }
        if (shape.const !== undefined)
          out.push(`  if (x !== ${JSON.stringify(shape.const)}) return false;`);
        if (shape.format !== undefined)
          out.push(`  if (!checkFormat(${JSON.stringify(shape.format)}, x)) return false;`);
        if (shape.country) out.push("  if (!COUNTRIES.has(x)) return false;");
        out.push("  L += x.length + 2;");
        break;
      case "number":
        out.push(
          shape.integer
            ? '  if (typeof x !== "number" || !Number.isInteger(x)) return false;'
            : '  if (typeof x !== "number") return false;',
        );
        if (shape.minimum !== undefined) out.push(`  if (x < ${shape.minimum}) return false;`);
        if (shape.maximum !== undefined) out.push(`  if (x > ${shape.maximum}) return false;`);
        if (shape.exclusiveMinimum !== undefined)
          out.push(`  if (x <= ${shape.exclusiveMinimum}) return false;`);
        if (shape.exclusiveMaximum !== undefined)
          out.push(`  if (x >= ${shape.exclusiveMaximum}) return false;`);
        out.push("  L += numberTextLowerBound(x);");
        break;
      case "boolean":
        out.push('  if (typeof x !== "boolean") return false;');
        out.push("  L += x ? 4 : 5;");
        break;
      case "any":
        out.push("  return anyValue(x, d);");
        break;
    }
    return out.join("\n");
  }

  // --- reference sites -------------------------------------------------------------------
  const recordRoot = walk.shape(walk.resolve(record).node);
  const recordBranches = (recordRoot.kind === "union" ? recordRoot.byType : undefined) ?? [];
  const model = modelFromDocument(
    record as JsonSchemaNode & { $defs?: Record<string, JsonSchemaNode> },
  );
  const sites: ReferenceSite[] = collectGraph(model).references.map((edge) => ({
    recordType: edge.recordType,
    pointer: pointerTemplate(edge.path),
    target: edge.target,
  }));
  // The same pointer may be reached through several union branches; keep one site per pointer
  // and refuse a pointer that would point at two different record types.
  const uniqueSites: ReferenceSite[] = [];
  for (const site of sites) {
    const same = uniqueSites.find(
      (s) => s.recordType === site.recordType && s.pointer === site.pointer,
    );
    if (same && same.target !== site.target)
      throw new Error(`conflicting reference targets at ${site.recordType}${site.pointer}`);
    if (!same) uniqueSites.push(site);
  }

  function collector(type: string): string {
    const body: string[] = [];
    uniqueSites.forEach((site, index) => {
      if (site.recordType !== type) return;
      const segments = site.pointer.slice(1).split("/");
      let code = "";
      let close = "";
      let cur = "x";
      let idx = 0;
      let v = 0;
      const indexes: string[] = [];
      segments.forEach((segment, i) => {
        const last = i === segments.length - 1;
        if (segment === "*") {
          const arr = `a${v++}`;
          const it = `i${idx++}`;
          indexes.push(it);
          code += `const ${arr} = ${cur}; if (Array.isArray(${arr})) for (let ${it} = 0; ${it} < ${arr}.length; ${it}++) { `;
          close = ` }${close}`;
          cur = `${arr}[${it}]`;
          if (last) {
            code += `const r = ${cur}; if (typeof r === "string") emit(r, ${index}, ${indexes[0] ?? -1}, ${indexes[1] ?? -1});`;
          }
        } else {
          const key = segment.replace(/~1/g, "/").replace(/~0/g, "~");
          const o = `o${v++}`;
          code += `const ${o} = ${cur}; if (${o} !== null && typeof ${o} === "object" && !Array.isArray(${o})) { `;
          close = ` }${close}`;
          cur = `${o}[${JSON.stringify(key)}]`;
          if (last) {
            code += `const r = ${cur}; if (typeof r === "string") emit(r, ${index}, ${indexes[0] ?? -1}, ${indexes[1] ?? -1});`;
          }
        }
      });
      if (indexes.length > 2)
        throw new Error(`reference site ${site.pointer} nests more than two arrays`);
      body.push(`  { ${code}${close} } // ${site.pointer} -> ${site.target}`);
    });
    return `    case ${JSON.stringify(type)}: {\n${body.join("\n")}\n      return;\n    }`;
  }

  const rootFn = fn(record);
  // Exact checks of every named schema, for the explaining path: it skips the subtrees these
  // accept and interprets only the broken ones (see src/explain.ts).
  const defChecks = Object.keys(defs)
    .sort()
    .map((name) => `  ${JSON.stringify(name)}: ${fn({ $ref: `#/$defs/${name}` }, true)},`);
  const header_ = `${fileHeader}/* Parley ${version}: compiled fast-path validator, reference sites and JSON Schemas. */
import { COUNTRIES, checkFormat, codePointLength, isPrototypeKey, isRealPartialDate, numberTextLowerBound } from "../fast-runtime";

export const VERSION = ${JSON.stringify(version)};

/** Running lower bound of the JSON text length of the value being checked (see textLowerBound). */
let L = 0;
/** Deepest container allowed (set per call from the configured limit). */
let MAX_DEPTH = 64;
`;
  const regexLines = regexes
    .entries()
    .map(
      ([pattern, name]) =>
        `const ${name} = new RegExp(${JSON.stringify(pattern)}${needsUnicodeFlag(pattern) ? ', "u"' : ""});`,
    );
  for (const [values, name] of enums.entries())
    regexLines.push(`const ${name}: ReadonlySet<unknown> = new Set(${values});`);
  const anyValue = `/** Any JSON value (extension slots): checks depth and prototype keys, sums its text lower bound. */
function anyValue(x: any, d: number): boolean {
  switch (typeof x) {
    case "string":
      L += x.length + 2;
      return true;
    case "number":
      L += numberTextLowerBound(x);
      return true;
    case "boolean":
      L += x ? 4 : 5;
      return true;
    case "object": {
      if (x === null) {
        L += 4;
        return true;
      }
      if (d > MAX_DEPTH) return false;
      if (Array.isArray(x)) {
        for (let i = 0; i < x.length; i++) if (!anyValue(x[i], d + 1)) return false;
        L += x.length === 0 ? 2 : x.length + 1;
        return true;
      }
      let n = 0;
      for (const k in x) {
        if (isPrototypeKey(k)) return false;
        n++;
        L += k.length + 3;
        if (!anyValue(x[k], d + 1)) return false;
      }
      L += n === 0 ? 2 : n + 1;
      return true;
    }
    default:
      return false;
  }
}`;
  const footer = `
/**
 * True when a parsed record is valid for Parley ${version} — structure, formats, country codes,
 * calendar days — PROVIDED it has no member the schema does not know: this function reads only
 * known members. The caller completes the proof with the text length: after a true result,
 * \`textLowerBound()\` is the fewest characters any JSON text of the known members can have,
 * and an unknown (or duplicate) member would add at least four more.
 */
export function checkRecord(x: unknown, maxDepth: number): boolean {
  L = 0;
  MAX_DEPTH = maxDepth;
  return ${rootFn}(x, 1);
}

/** See checkRecord. */
export function textLowerBound(): number {
  return L;
}

export const REFERENCE_SITES: ReadonlyArray<{ recordType: string; pointer: string; target: string }> = ${JSON.stringify(uniqueSites, null, 2)};

/**
 * Calls \`emit(id, siteIndex, i0, i1)\` for every string at a reference site of the record
 * (\`i0\`, \`i1\`: the array indexes that fill the site's \`*\`s, -1 when unused).
 */
export function collectReferences(
  x: any,
  type: string,
  emit: (id: string, site: number, i0: number, i1: number) => void,
): void {
  switch (type) {
${recordBranches.map(([t]) => collector(t)).join("\n")}
  }
}

export const RECORD_TYPES: readonly string[] = ${JSON.stringify(recordBranches.map(([t]) => t))};

/**
 * Exact checks (unknown members refused) of each named schema of the version: true when the
 * value has nothing to explain. The explaining path uses them to skip valid subtrees.
 */
export const DEF_CHECKS: Readonly<Record<string, (x: unknown, d: number) => boolean>> = {
${defChecks.join("\n")}
};

export const RECORD_SCHEMA = ${JSON.stringify(record)} as const;

export const HEADER_SCHEMA = ${JSON.stringify(header)} as const;

export const DATASET_SCHEMA = ${JSON.stringify(dataset)} as const;
`;
  return `${header_}\n${regexLines.join("\n")}\n\n${anyValue}\n\n${lines.join("\n\n")}\n${footer}`;
}
