import { REFERENCES_BY_RECORD_TYPE, type ReferenceField } from "./generated/references.gen";
import type { RecordType } from "./generated/types.gen";

/** One reference found in a record: the field it is in, where exactly, and the id it holds. */
export interface FoundReference {
  field: ReferenceField;
  /** The concrete path, array indexes filled in: "participants/0/person". */
  path: string;
  /** The id the field holds. */
  id: string;
}

/**
 * Calls `visit` for every reference in a record, using the generated reference graph. Values
 * that are not strings (a malformed record) are skipped: reporting those is the schema's job.
 */
export function forEachReference(
  record: { type: string },
  visit: (reference: FoundReference) => void,
): void {
  const fields = REFERENCES_BY_RECORD_TYPE[record.type as RecordType];
  if (!fields) return;
  for (const field of fields) walk(record, field, 0, "", visit);
}

function walk(
  value: unknown,
  field: ReferenceField,
  step: number,
  at: string,
  visit: (reference: FoundReference) => void,
): void {
  if (step === field.path.length) {
    if (typeof value === "string") visit({ field, path: at, id: value });
    return;
  }
  if (value === null || typeof value !== "object") return;
  const segment = field.path[step] as string;
  if (segment === "*") {
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) {
        walk(value[index], field, step + 1, join(at, String(index)), visit);
      }
    }
    return;
  }
  if (Object.hasOwn(value, segment)) {
    walk((value as Record<string, unknown>)[segment], field, step + 1, join(at, segment), visit);
  }
}

function join(at: string, segment: string): string {
  return at ? `${at}/${segment}` : segment;
}

/** Every reference in a record, in reference-graph order. */
export function referencesOf(record: { type: string }): FoundReference[] {
  const found: FoundReference[] = [];
  forEachReference(record, (reference) => found.push(reference));
  return found;
}
