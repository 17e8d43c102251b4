/** Values of records read defensively: the dataset rules run on invalid records too. */

/** Earliest and latest day (yyyymmdd) a partial date can denote; undefined when malformed. */
export function dayRange(value: unknown): [number, number] | undefined {
  const first = dayFirst(value);
  return first < 0 ? undefined : [first, dayLast(value)];
}

/**
 * The earliest day (yyyymmdd) a partial date can denote; -1 when malformed. With `dayLast`,
 * `dayRange` without its array: the one-record rules compare every date of every record, and
 * a pair per date was ~2 % of a clean run's allocation.
 */
export function dayFirst(value: unknown): number {
  return dayOf(value, false);
}

/** The latest day (yyyymmdd) a partial date can denote; -1 when malformed. */
export function dayLast(value: unknown): number {
  return dayOf(value, true);
}

function dayOf(value: unknown, last: boolean): number {
  // yyyy, yyyy-mm or yyyy-mm-dd of ASCII digits, read as character codes: this runs for every
  // date of every record, and a RegExp match made an array and three strings each time.
  if (typeof value !== "string") return -1;
  const n = value.length;
  if (n !== 4 && n !== 7 && n !== 10) return -1;
  const y = digits(value, 0, 4);
  if (y < 0) return -1;
  if (n === 4) return y * 10000 + (last ? 1231 : 101);
  const month = value.charCodeAt(4) === 0x2d ? digits(value, 5, 2) : -1;
  if (month < 0) return -1;
  const base = y * 10000 + month * 100;
  if (n === 7) return base + (last ? 31 : 1);
  const day = value.charCodeAt(7) === 0x2d ? digits(value, 8, 2) : -1;
  if (day < 0) return -1;
  return base + day;
}

/** The number written by `count` ASCII digits at `from`, or -1 when one is not a digit. */
function digits(text: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
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
