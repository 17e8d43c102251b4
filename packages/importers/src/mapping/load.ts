import { readFile } from "node:fs/promises";
import Ajv2020, { type ErrorObject } from "ajv/dist/2020.js";
import { closest, distance } from "fastest-levenshtein";
import {
  findNodeAtLocation,
  type Node,
  type ParseError,
  parseTree,
  printParseErrorCode,
} from "jsonc-parser";
import schema from "../../schemas/mapping-1.0.schema.json";
import { STEP_NAMES } from "./evaluate";
import { FUNCTIONS } from "./functions";
import type { Mapping, Predicate, Step, Value } from "./types";

/** The mapping format's JSON Schema (`$id` below); the file ships as `@parley/importers/mapping.schema.json`. */
export const MAPPING_SCHEMA = schema;
export const MAPPING_SCHEMA_ID: string = schema.$id;

/** A problem in a mapping file, with its position there (1-based line and column). */
export interface MappingProblem {
  line: number;
  column: number;
  /** JSON Pointer of the value in the mapping. */
  pointer: string;
  message: string;
}

/** Thrown for a mapping that cannot be used; `message` lists every problem with file:line:col. */
export class MappingError extends Error {
  constructor(
    readonly file: string,
    readonly problems: MappingProblem[],
  ) {
    super(
      problems
        .map((problem) => `${file}:${problem.line}:${problem.column}: ${problem.message}`)
        .join("\n"),
    );
    this.name = "MappingError";
  }
}

let compiled: ReturnType<Ajv2020["compile"]> | undefined;
function validator() {
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    compiled = ajv.compile(schema);
  }
  return compiled;
}

/** Reads and checks a mapping file. */
export async function loadMappingFile(path: string): Promise<Mapping> {
  return parseMapping(await readFile(path, "utf8"), path);
}

/**
 * Parses and checks a mapping: JSON (comments allowed), the JSON Schema, then what a schema
 * cannot say (known functions and steps, variables in scope, regular expressions that compile,
 * names that refer to templates). Every problem is reported with its line:column in the file and,
 * where a name is close to a known one, "did you mean".
 */
export function parseMapping(text: string, file = "<mapping>"): Mapping {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") lineStarts.push(i + 1);
  const position = (offset: number) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - (lineStarts[low] ?? 0) + 1 };
  };
  const parseErrors: ParseError[] = [];
  const tree = parseTree(text, parseErrors, { allowTrailingComma: false, disallowComments: false });
  if (parseErrors.length > 0 || !tree) {
    throw new MappingError(
      file,
      parseErrors.slice(0, 5).map((error) => ({
        ...position(error.offset),
        pointer: "",
        message: `not valid JSON: ${printParseErrorCode(error.error)}`,
      })),
    );
  }
  // jsonc-parser accepted the text (comments allowed); the value is rebuilt from its tree.
  const value = nodeValue(tree);
  const at = (path: (string | number)[], key?: string): { line: number; column: number } => {
    let node: Node | undefined = findNodeAtLocation(tree, path);
    for (let i = path.length; !node && i > 0; i--)
      node = findNodeAtLocation(tree, path.slice(0, i - 1));
    if (key && node?.type === "object") {
      const property = node.children?.find((child) => child.children?.[0]?.value === key);
      if (property) return position(property.offset);
    }
    return position(node?.offset ?? 0);
  };
  const problems: MappingProblem[] = [];
  const validate = validator();
  if (!validate(value)) {
    for (const error of bestErrors(validate.errors ?? [])) {
      const path = pointerPath(error.instancePath);
      const key =
        error.keyword === "additionalProperties"
          ? String(error.params.additionalProperty)
          : error.keyword === "propertyNames"
            ? String(error.params.propertyName)
            : undefined;
      problems.push({
        ...at(path, key),
        pointer: error.instancePath,
        message: explain(error, value),
      });
    }
  } else {
    for (const problem of semanticProblems(value as Mapping)) {
      problems.push({
        ...at(problem.path),
        pointer: `/${problem.path.join("/")}`,
        message: problem.message,
      });
    }
  }
  if (problems.length > 0) {
    problems.sort((a, b) => a.line - b.line || a.column - b.column);
    throw new MappingError(file, dedupe(problems));
  }
  return value as Mapping;
}

function nodeValue(node: Node): unknown {
  switch (node.type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (key && value) out[String(key.value)] = nodeValue(value);
      }
      return out;
    }
    case "array":
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}

function pointerPath(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split("/")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * Ajv reports every branch of an anyOf/oneOf. A user wants the one error that says what is
 * wrong: the deepest, and among those an unknown key or value before a type mismatch.
 */
function bestErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const byPlace = new Map<string, ErrorObject[]>();
  for (const error of errors) {
    const list = byPlace.get(error.instancePath) ?? [];
    list.push(error);
    byPlace.set(error.instancePath, list);
  }
  const places = [...byPlace.keys()];
  // Drop a place when a deeper place below it has errors (the deeper one is the cause).
  const leaves = places.filter(
    (place) => !places.some((other) => other !== place && other.startsWith(`${place}/`)),
  );
  const rank = (error: ErrorObject) =>
    ({
      propertyNames: 0,
      additionalProperties: 1,
      enum: 2,
      const: 3,
      required: 4,
      pattern: 5,
      type: 7,
    })[error.keyword] ?? 6;
  const out: ErrorObject[] = [];
  for (const place of leaves) {
    const list = (byPlace.get(place) ?? []).filter(
      (error) => !["anyOf", "oneOf", "if", "not", "allOf"].includes(error.keyword),
    );
    if (list.length === 0) {
      const first = byPlace.get(place)?.[0];
      if (first) out.push(first);
      continue;
    }
    const best = Math.min(...list.map(rank));
    const chosen = list.filter((error) => rank(error) === best);
    // One message per distinct unknown key.
    const seen = new Set<string>();
    for (const error of chosen) {
      const key = `${error.keyword}:${JSON.stringify(error.params)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(error);
    }
  }
  return out;
}

const EXPRESSION_KEYS = [
  "$merge",
  "$prefixKeys",
  "$lookup",
  "$field",
  "$var",
  "$template",
  "$const",
  "$first",
  "$date",
  "$country",
  "$each",
  "$if",
  "$fn",
];

function suggest(name: string, known: readonly string[]): string {
  if (known.length === 0) return "";
  const best = closest(name, known as string[]);
  const limit = Math.max(2, Math.floor(name.length / 3));
  return best && distance(name.toLowerCase(), best.toLowerCase()) <= limit
    ? ` (did you mean '${best}'?)`
    : "";
}

function schemaAt(pointer: string): Record<string, unknown> | undefined {
  let node: unknown = schema;
  for (const part of pointer.replace(/^#\//, "").split("/")) {
    if (!part) continue;
    node = (node as Record<string, unknown>)?.[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return node as Record<string, unknown> | undefined;
}

function explain(error: ErrorObject, root: unknown): string {
  const where = error.instancePath || "(top level)";
  switch (error.keyword) {
    case "additionalProperties": {
      const key = String(error.params.additionalProperty);
      const parentSchema = schemaAt(error.schemaPath.replace(/\/additionalProperties$/, ""));
      const known = Object.keys((parentSchema?.properties as object) ?? {});
      return `unknown key '${key}' in ${where}${suggest(key, known)}${known.length ? `; allowed: ${known.join(", ")}` : ""}`;
    }
    case "propertyNames": {
      const key = String(error.params.propertyName);
      if (key.startsWith("$")) {
        return `unknown expression '${key}' in ${where}${suggest(key, EXPRESSION_KEYS)}; expressions: ${EXPRESSION_KEYS.join(", ")}`;
      }
      const known = Object.keys((schemaAt("#/$defs/expression")?.properties as object) ?? {});
      return `unknown key '${key}' in the expression at ${where}${suggest(key, known)}`;
    }
    case "enum": {
      const allowed = (error.params.allowedValues as unknown[]).map(String);
      const given = String(valueAt(root, error.instancePath));
      return `'${given}' is not allowed at ${where}${suggest(given, allowed)}; one of: ${allowed.join(", ")}`;
    }
    case "const":
      return `${where} must be ${JSON.stringify(error.params.allowedValue)}`;
    case "required":
      return `${where} needs '${error.params.missingProperty}'`;
    default:
      return `${where} ${error.message ?? "is not valid"}`;
  }
}

function valueAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const part of pointerPath(pointer))
    node = (node as Record<string | number, unknown>)?.[part];
  return node;
}

function dedupe(problems: MappingProblem[]): MappingProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.line}:${problem.column}:${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// ---- what the schema cannot check -----------------------------------------------------------

interface Problem {
  path: (string | number)[];
  message: string;
}

const BUILT_INS = ["_file", "_line", "_index", "_i", "_position", "_record", "_cells", "_columns"];

/** The lookups of the mapping being checked (checkValue runs within one semanticProblems call). */
let mappingLookups = new Set<string>();

function semanticProblems(mapping: Mapping): Problem[] {
  const problems: Problem[] = [];
  mappingLookups = new Set(Object.keys(mapping.lookups ?? {}));
  const names = new Set(mapping.records.map((t) => t.name).filter(Boolean) as string[]);
  if (mapping.unmapped?.into && !names.has(mapping.unmapped.into)) {
    problems.push({
      path: ["unmapped", "into"],
      message: `no record template is named '${mapping.unmapped.into}'${suggest(mapping.unmapped.into, [...names])}`,
    });
  }
  if (mapping.input.iterate) {
    for (const segment of mapping.input.iterate.split("/").filter(Boolean)) {
      const colon = segment.indexOf(":");
      if (colon === -1) continue;
      const prefix = segment.slice(0, colon);
      if (!mapping.input.namespaces?.[prefix])
        problems.push({
          path: ["input", "iterate"],
          message: `prefix '${prefix}' is not declared in input.namespaces`,
        });
    }
  }
  const scope = new Set<string>(BUILT_INS);
  for (const [name, value] of Object.entries(mapping.let ?? {})) {
    checkValue(value, ["let", name], scope, problems);
    scope.add(name);
  }
  (mapping.where ?? []).forEach((predicate, index) => {
    checkPredicate(predicate, ["where", index], scope, problems);
  });
  mapping.records.forEach((recordTemplate, index) => {
    const path = ["records", index];
    if (recordTemplate.when)
      checkPredicate(recordTemplate.when, [...path, "when"], scope, problems);
    let inner = scope;
    if (recordTemplate.forEach !== undefined) {
      checkValue(recordTemplate.forEach, [...path, "forEach"], scope, problems);
      inner = new Set([...scope, recordTemplate.as ?? "item"]);
    }
    checkValue(recordTemplate.record as Value, [...path, "record"], inner, problems);
  });
  (mapping.warnings ?? []).forEach((warning, index) => {
    checkPredicate(warning.when, ["warnings", index, "when"], scope, problems);
    for (const key of ["message", "note", "unresolved"] as const) {
      const text = warning[key];
      if (text !== undefined) checkTemplate(text, ["warnings", index, key], scope, problems);
    }
    if (warning.count !== undefined)
      checkValue(warning.count, ["warnings", index, "count"], scope, problems);
    if (!warning.code && !warning.note && !warning.unresolved)
      problems.push({
        path: ["warnings", index],
        message: "a warnings entry needs 'code' (with 'message'), 'note' or 'unresolved'",
      });
    if (warning.code && !warning.message)
      problems.push({
        path: ["warnings", index],
        message: `warning '${warning.code}' needs a 'message'`,
      });
  });
  for (const [name, lookup] of Object.entries(mapping.lookups ?? {})) {
    if (lookup.input.format === "xlsx" || lookup.input.format === "xml") continue;
    if (!lookup.key)
      problems.push({ path: ["lookups", name], message: `lookup '${name}' needs a 'key'` });
  }
  return problems;
}

function checkPredicate(
  predicate: Predicate,
  path: (string | number)[],
  scope: Set<string>,
  problems: Problem[],
): void {
  if (predicate.value !== undefined)
    checkValue(predicate.value, [...path, "value"], scope, problems);
  for (const key of ["lessThan", "greaterThan"] as const) {
    const other = predicate[key];
    if (other !== undefined) checkValue(other, [...path, key], scope, problems);
  }
  if (predicate.matches !== undefined)
    checkRegex(predicate.matches, predicate.flags, [...path, "matches"], problems);
  if (predicate.not) checkPredicate(predicate.not, [...path, "not"], scope, problems);
  predicate.all?.forEach((p, i) => {
    checkPredicate(p, [...path, "all", i], scope, problems);
  });
  predicate.any?.forEach((p, i) => {
    checkPredicate(p, [...path, "any", i], scope, problems);
  });
}

function checkRegex(
  source: string,
  flags: string | undefined,
  path: (string | number)[],
  problems: Problem[],
): void {
  try {
    new RegExp(source, flags);
  } catch (error) {
    problems.push({ path, message: `not a regular expression: ${(error as Error).message}` });
  }
}

function checkTemplate(
  text: string,
  path: (string | number)[],
  _scope: Set<string>,
  problems: Problem[],
): void {
  for (const match of text.matchAll(/\{\{|\}\}|\{([^{}]+)\}/g)) {
    if (!match[1]) continue;
    const [, ...steps] = match[1].split("|").map((part) => part.trim());
    for (const step of steps) {
      if (!(STEP_NAMES as readonly string[]).includes(step))
        problems.push({
          path,
          message: `unknown step '${step}' in the placeholder {${match[1]}}${suggest(step, STEP_NAMES)}`,
        });
    }
  }
}

function checkSteps(
  steps: readonly Step[],
  path: (string | number)[],
  scope: Set<string>,
  problems: Problem[],
) {
  steps.forEach((step, index) => {
    const at = [...path, index];
    if (typeof step === "string") {
      return;
    }
    if ("match" in step) checkRegex(step.match, step.flags, [...at, "match"], problems);
    if ("replace" in step) checkRegex(step.replace, step.flags, [...at, "replace"], problems);
    if ("split" in step && step.regex)
      checkRegex(step.split, undefined, [...at, "split"], problems);
    if ("fn" in step) {
      if (!FUNCTIONS[step.fn])
        problems.push({
          path: [...at, "fn"],
          message: `unknown function '${step.fn}'${suggest(step.fn, Object.keys(FUNCTIONS))}; functions: ${Object.keys(FUNCTIONS).join(", ")}`,
        });
      step.args?.forEach((arg, i) => {
        checkValue(arg, [...at, "args", i], scope, problems);
      });
    }
  });
}

function checkValue(
  value: Value,
  path: (string | number)[],
  scope: Set<string>,
  problems: Problem[],
): void {
  if (value === null || typeof value !== "object") return;
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      checkValue(item, [...path, index], scope, problems);
    });
    return;
  }
  const expression = value as Record<string, unknown>;
  if (!Object.keys(expression).some((key) => key.startsWith("$"))) {
    for (const [key, item] of Object.entries(expression))
      checkValue(item as Value, [...path, key], scope, problems);
    return;
  }
  if (typeof expression.$template === "string")
    checkTemplate(expression.$template, [...path, "$template"], scope, problems);
  if (typeof expression.$fn === "string" && !FUNCTIONS[expression.$fn])
    problems.push({
      path: [...path, "$fn"],
      message: `unknown function '${expression.$fn}'${suggest(expression.$fn, Object.keys(FUNCTIONS))}; functions: ${Object.keys(FUNCTIONS).join(", ")}`,
    });
  if (Array.isArray(expression.pipe))
    checkSteps(expression.pipe as Step[], [...path, "pipe"], scope, problems);
  for (const key of ["$first", "$date", "$country", "fallback", "then", "else", "args"]) {
    if (expression[key] !== undefined)
      checkValue(expression[key] as Value, [...path, key], scope, problems);
  }
  if (expression.$if)
    checkPredicate(expression.$if as Predicate, [...path, "$if"], scope, problems);
  if (Array.isArray(expression.$merge))
    checkValue(expression.$merge as Value, [...path, "$merge"], scope, problems);
  for (const key of ["$prefixKeys", "key"]) {
    if (expression[key] !== undefined)
      checkValue(expression[key] as Value, [...path, key], scope, problems);
  }
  if (typeof expression.$lookup === "string" && !mappingLookups.has(expression.$lookup))
    problems.push({
      path: [...path, "$lookup"],
      message: `no lookup is named '${expression.$lookup}'${suggest(expression.$lookup, [...mappingLookups])}`,
    });
  if (expression.$each !== undefined) {
    checkValue(expression.$each as Value, [...path, "$each"], scope, problems);
    const inner = new Set([...scope, (expression.as as string) ?? "item"]);
    if (expression.map !== undefined)
      checkValue(expression.map as Value, [...path, "map"], inner, problems);
  }
}
