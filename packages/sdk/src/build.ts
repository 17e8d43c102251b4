import type { z } from "zod";
import { deriveId } from "./canonical";
import {
  closestForm,
  type FormAttempt,
  formsList,
  missingPropertyMessage,
  noKnownFormMessage,
  notInCodeListMessage,
  typeMismatchMessage,
  unknownPropertyMessage,
} from "./messages";

/** One problem found in a record or a dataset: where it is and what is wrong. */
export interface ParleyIssue {
  /** JSON-pointer-like path inside the record: "participants/0/person"; "" for the record itself. */
  path: string;
  message: string;
  /** zod's issue code ("invalid_type", "unrecognized_keys"…) or an SDK code. */
  code: string;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.map(String).join("/");
}

/** A record that does not match the schema. `issues` lists every problem, not only the first. */
export class ParleyValidationError extends Error {
  override readonly name = "ParleyValidationError";
  constructor(
    readonly recordType: string,
    readonly recordId: string | undefined,
    readonly issues: readonly ParleyIssue[],
  ) {
    const what = `${recordType}${recordId ? ` '${recordId}'` : ""}`;
    const count = issues.length === 1 ? "1 problem" : `${issues.length} problems`;
    super(
      `Invalid ${what}: ${count}\n${issues.map((issue) => `  - ${issue.path || "(record)"}: ${issue.message}`).join("\n")}`,
    );
  }
}

/**
 * zod's issues in the validator's words (src/messages.ts, shared with @parley/validator): a
 * value outside a code list names the value and the allowed values, a wrong type names what
 * was expected and what was found, an unknown or missing property names the property. For a
 * union (a participant is a person, an organization or an unresolved actor) zod says only
 * "Invalid input"; the form the data evidently meant is chosen as the validator chooses it
 * (`closestForm`), and when none is, the message lists the forms, as the validator's does.
 *
 * @param schema The schema the issues are of: it names a union's forms.
 */
export function issuesOf(error: z.ZodError, schema?: z.ZodType): ParleyIssue[] {
  return error.issues.flatMap((issue) => describeIssue(issue, [], schemaNode(schema)));
}

type ZodIssue = z.ZodError["issues"][number];

/** What a zod schema node looks like from outside: its definition and optionality. */
interface SchemaNode {
  _zod: { def: Record<string, unknown> & { type: string }; optin?: string };
}

function schemaNode(schema: unknown): SchemaNode | undefined {
  return typeof schema === "object" && schema !== null && "_zod" in schema
    ? (schema as SchemaNode)
    : undefined;
}

/** The node under wrappers (optional, default, pipe, lazy…) that say nothing of the shape. */
function unwrap(node: SchemaNode | undefined): SchemaNode | undefined {
  for (let depth = 0; node && depth < 32; depth++) {
    const def = node._zod.def;
    if ("innerType" in def) node = schemaNode(def.innerType);
    else if (def.type === "pipe") node = schemaNode(def.in);
    else if (def.type === "lazy" && typeof def.getter === "function")
      node = schemaNode(def.getter());
    else return node;
  }
  return node;
}

/** The schema node at `path` below `node`, or undefined where the path leaves what is known. */
function nodeAt(
  node: SchemaNode | undefined,
  path: readonly PropertyKey[],
): SchemaNode | undefined {
  for (const key of path) {
    const def = unwrap(node)?._zod.def;
    if (!def) return undefined;
    if (def.type === "object")
      node = schemaNode((def.shape as Record<string, unknown>)[String(key)]);
    else if (def.type === "array") node = schemaNode(def.element);
    else if (def.type === "record") node = schemaNode(def.valueType);
    else return undefined;
  }
  return node;
}

/** A union's forms as the validator names them: an object by its required keys, else its type. */
function formsOf(options: readonly SchemaNode[]): string {
  return formsList(
    options.map((option) => {
      const def = unwrap(option)?._zod.def;
      if (def?.type !== "object") return def?.type ?? "value";
      return Object.entries(def.shape as Record<string, SchemaNode>)
        .filter(([, field]) => field._zod.optin === undefined)
        .map(([key]) => key);
    }),
  );
}

/** How zod's issues of one form measure against the value: shape problems, problems in all. */
function attemptOf(branch: readonly ZodIssue[]): FormAttempt {
  let shapeProblems = 0;
  let problems = 0;
  for (const issue of branch) {
    const count = issue.code === "unrecognized_keys" ? issue.keys.length : 1;
    problems += count;
    const ownShape =
      (issue.path.length === 0 &&
        (issue.code === "unrecognized_keys" || issue.code === "invalid_type")) ||
      (issue.path.length === 1 && isMissing(issue));
    if (ownShape) shapeProblems += count;
  }
  return { shapeProblems, problems };
}

/** What the validator calls a type zod expected ("a string", "true or false"). */
const EXPECTED: Record<string, { words: string; literal?: boolean }> = {
  string: { words: "a string" },
  number: { words: "a number" },
  int: { words: "a whole number", literal: true },
  boolean: { words: "true or false" },
  object: { words: "an object" },
  array: { words: "an array" },
};

/** A required property that is absent: zod reports it as a wrong type, or a failed union. */
function isMissing(issue: ZodIssue): boolean {
  return (
    (issue.code === "invalid_type" || issue.code === "invalid_union") &&
    "input" in issue &&
    issue.input === undefined
  );
}

function describeIssue(
  issue: ZodIssue,
  base: readonly PropertyKey[],
  schemaAtBase: SchemaNode | undefined,
): ParleyIssue[] {
  const path = [...base, ...issue.path];
  const at = (message: string, where: readonly PropertyKey[] = path): ParleyIssue => ({
    path: formatPath(where),
    message,
    code: issue.code,
  });
  if (isMissing(issue) && path.length > 0)
    return [at(missingPropertyMessage(String(path[path.length - 1])), path.slice(0, -1))];
  switch (issue.code) {
    case "invalid_union": {
      const here = unwrap(nodeAt(schemaAtBase, issue.path));
      const options = (here?._zod.def.options ?? []) as SchemaNode[];
      const value = "input" in issue ? issue.input : undefined;
      if (options.length !== issue.errors.length || !("input" in issue)) return [at(issue.message)];
      const meant = closestForm(issue.errors.map(attemptOf), value);
      if (meant === undefined) return [at(noKnownFormMessage(formsOf(options), value))];
      return (issue.errors[meant] ?? []).flatMap((inner) =>
        describeIssue(inner, path, options[meant]),
      );
    }
    case "invalid_value":
      if ("input" in issue && issue.values.every((value) => typeof value === "string"))
        return [at(notInCodeListMessage(issue.input, issue.values))];
      return [at(issue.message)];
    case "unrecognized_keys":
      return issue.keys.map((key) => at(unknownPropertyMessage(key), [...path, key]));
    case "invalid_type": {
      if (!("input" in issue)) return [at(issue.message)];
      const expected = EXPECTED[issue.expected];
      if (expected) return [at(typeMismatchMessage(expected.words, issue.input, expected.literal))];
      return [at(issue.message)];
    }
    default:
      return [at(issue.message)];
  }
}

/**
 * The generated builders' common body: set `type`, derive an id from the content when none is
 * given, validate with the record type's zod schema (which fills defaults) and return the
 * parsed record, or throw one error listing every problem.
 */
export function buildRecord(schema: z.ZodType, type: string, input: object): unknown {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new ParleyValidationError(type, undefined, [
      { path: "", message: `Expected an object describing ${type}`, code: "invalid_type" },
    ]);
  }
  const given = input as Record<string, unknown>;
  const content: Record<string, unknown> = { ...given, type: given.type ?? type };
  const id = typeof content.id === "string" ? content.id : deriveId(type, content);
  const candidate = { ...content, id };
  // reportInput: the issues carry the offending value, so the messages can name it.
  const result = schema.safeParse(candidate, { reportInput: true });
  if (!result.success) throw new ParleyValidationError(type, id, issuesOf(result.error, schema));
  return result.data;
}
