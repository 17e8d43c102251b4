import type { z } from "zod";
import { deriveId } from "./canonical";

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

export function issuesOf(error: z.ZodError): ParleyIssue[] {
  return error.issues.map((issue) => ({
    path: formatPath(issue.path),
    message: issue.message,
    code: issue.code,
  }));
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
  const result = schema.safeParse(candidate);
  if (!result.success) throw new ParleyValidationError(type, id, issuesOf(result.error));
  return result.data;
}
