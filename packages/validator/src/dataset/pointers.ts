/** JSON Pointers the dataset rules report at, built only for findings that are reported. */
import { parsePointer } from "../finding";

/** Where the country of the participant at `index` is. */
export function countryPointer(index: number): string {
  return `/participants/${index}/represents/country`;
}

/** The citation object a `…/source` reference is in: where a date conflict is reported. */
export function citationPointer(pointer: string): string {
  return pointer.endsWith("/source") ? pointer.slice(0, -"/source".length) : pointer;
}

/** `/participants/*\/person` with (2, -1) → `/participants/2/person`. */
export function fillPointer(template: string, i0: number, i1: number): string {
  if (i0 < 0) return template;
  let k = 0;
  return template.replace(/\/\*(?=\/|$)/g, () => `/${k++ === 0 ? i0 : i1}`);
}

/** The value at a JSON Pointer in a parsed record (undefined if there is none). */
export function valueAt(record: unknown, pointer: string): unknown {
  let value = record;
  for (const token of parsePointer(pointer)) {
    if (value === null || typeof value !== "object") return undefined;
    value = Array.isArray(value) ? value[Number(token)] : (value as Record<string, unknown>)[token];
  }
  return value;
}
