/** Values of records read defensively: the dataset rules run on invalid records too. */

const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** Earliest and latest day (yyyymmdd) a partial date can denote; undefined when malformed. */
export function dayRange(value: unknown): [number, number] | undefined {
  if (typeof value !== "string") return undefined;
  const m = DATE.exec(value);
  if (!m) return undefined;
  const y = Number(m[1]) * 10000;
  const month = m[2] === undefined ? undefined : Number(m[2]);
  const day = m[3] === undefined ? undefined : Number(m[3]);
  return [y + (month ?? 1) * 100 + (day ?? 1), y + (month ?? 12) * 100 + (day ?? 31)];
}

export function dateValue(x: unknown): string | undefined {
  if (x !== null && typeof x === "object" && !Array.isArray(x)) {
    const v = (x as { value?: unknown }).value;
    return typeof v === "string" ? v : undefined;
  }
  return undefined;
}

export function isObject(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === "object" && !Array.isArray(x);
}

export function idOf(record: unknown): string | undefined {
  return isObject(record) && typeof record.id === "string" ? record.id : undefined;
}
