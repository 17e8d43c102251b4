import type { z } from "zod";
import { deriveId } from "./canonical";
import { missingPropertyMessage, notInCodeListMessage, unknownPropertyMessage } from "./messages";

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
 * zod's issues in the validator's words (src/messages.ts): a value outside a code list names
 * the value and the allowed values, an unknown or missing property names the property. For a
 * union (a participant is a person, an organization or an unresolved actor), zod says only
 * "Invalid input"; the issues of the closest alternative — the one with the fewest problems —
 * say what is wrong.
 */
export function issuesOf(error: z.ZodError): ParleyIssue[] {
  return error.issues.flatMap((issue) => describeIssue(issue, []));
}

type ZodIssue = z.ZodError["issues"][number];

function describeIssue(issue: ZodIssue, base: readonly PropertyKey[]): ParleyIssue[] {
  const path = [...base, ...issue.path];
  const at = (message: string, where: readonly PropertyKey[] = path): ParleyIssue => ({
    path: formatPath(where),
    message,
    code: issue.code,
  });
  switch (issue.code) {
    case "invalid_union": {
      const branches = issue.errors.filter((branch) => branch.length > 0);
      if (branches.length === 0) return [at(issue.message)];
      const closest = branches.reduce((best, branch) =>
        branch.length < best.length ? branch : best,
      );
      return closest.flatMap((inner) => describeIssue(inner, path));
    }
    case "invalid_value":
      if ("input" in issue && issue.values.every((value) => typeof value === "string"))
        return [at(notInCodeListMessage(issue.input, issue.values))];
      return [at(issue.message)];
    case "unrecognized_keys":
      return issue.keys.map((key) => at(unknownPropertyMessage(key), [...path, key]));
    case "invalid_type":
      if ("input" in issue && issue.input === undefined && path.length > 0)
        return [at(missingPropertyMessage(String(path[path.length - 1])), path.slice(0, -1))];
      return [at(issue.message)];
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
  if (!result.success) throw new ParleyValidationError(type, id, issuesOf(result.error));
  return result.data;
}
