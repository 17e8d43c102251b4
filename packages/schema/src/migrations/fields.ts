import type { FieldMove, FieldPath, JsonObject, Migrated } from "./types";

/** The origin prefix of extension keys that hold fields a newer version has no place for. */
export function extensionKey(version: string, path: FieldPath): string {
  return `parley@${version}:${path.join(".")}`;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function getAt(object: unknown, path: FieldPath): unknown {
  let current: unknown = object;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/**
 * A copy of `object` with the value at `path` removed (parents copied, siblings shared);
 * parent objects left empty are removed as well.
 */
function withoutAt(object: JsonObject, path: FieldPath): JsonObject {
  const [head, ...rest] = path;
  if (head === undefined) return object;
  if (rest.length === 0) {
    const { [String(head)]: _removed, ...others } = object;
    return others;
  }
  const child = object[String(head)];
  if (Array.isArray(child)) {
    const copy = [...child];
    const index = Number(rest[0]);
    const element = copy[index];
    if (rest.length === 1) copy.splice(index, 1);
    else if (isObject(element)) copy[index] = withoutAt(element, rest.slice(1));
    return { ...object, [String(head)]: copy };
  }
  if (!isObject(child)) return object;
  const remaining = withoutAt(child, rest);
  // An object emptied by the move goes too: it held nothing but the moved value.
  if (Object.keys(remaining).length === 0) {
    const { [String(head)]: _emptied, ...others } = object;
    return others;
  }
  return { ...object, [String(head)]: remaining };
}

/** A copy of `object` with `value` at a path of property names (creating objects on the way). */
function withAt(object: JsonObject, path: readonly string[], value: unknown): JsonObject {
  const [head, ...rest] = path;
  if (head === undefined) return object;
  if (rest.length === 0) return { ...object, [head]: value };
  const child = object[head];
  return { ...object, [head]: withAt(isObject(child) ? child : {}, rest, value) };
}

/**
 * Renames a top-level field of `value` (keeping its position among the keys, so a migrated
 * file reads like the original). Does nothing when the field is absent.
 */
export function renameField(migrated: Migrated, from: string, to: string): Migrated {
  const { value, moves } = migrated;
  if (!Object.hasOwn(value, from)) return migrated;
  if (Object.hasOwn(value, to)) {
    throw new Error(`cannot rename '${from}' to '${to}': the object already has '${to}'`);
  }
  const renamed = Object.fromEntries(
    Object.entries(value).map(([key, field]) => [key === from ? to : key, field]),
  );
  return { value: renamed, moves: [...moves, { from: [from], to: [to], reason: "renamed" }] };
}

/**
 * Moves the value at `path` into the object's `extensions` slot under a key naming the version
 * and the path, because the new version has no place for it. Nothing is dropped; a key that is
 * already taken gets a numbered suffix.
 */
export function moveToExtensions(
  migrated: Migrated,
  path: FieldPath,
  fromVersion: string,
): Migrated {
  const { value, moves } = migrated;
  const moved = getAt(value, path);
  if (moved === undefined) return migrated;
  const extensions = isObject(value.extensions) ? value.extensions : {};
  let key = extensionKey(fromVersion, path);
  for (let n = 2; Object.hasOwn(extensions, key); n += 1)
    key = `${extensionKey(fromVersion, path)}#${n}`;
  const next = withAt(withoutAt(value, path), ["extensions", key], moved);
  return {
    value: next,
    moves: [...moves, { from: path, to: ["extensions", key], reason: "no-place" }],
  };
}

/** Where the value that was at `path` is after `moves` were applied in order. */
export function traceFieldPath(path: FieldPath, moves: readonly FieldMove[]): FieldPath {
  let current = path;
  for (const move of moves) {
    const prefix = move.from.every((segment, index) => String(current[index]) === String(segment));
    if (prefix && current.length >= move.from.length) {
      current = [...move.to, ...current.slice(move.from.length)];
    }
  }
  return current;
}

export function migratedAsIs(value: JsonObject): Migrated {
  return { value, moves: [] };
}
