/** A JSON object as read from a dataset: records, dataset headers, anything in between. */
export type JsonObject = { [key: string]: unknown };

/** A path to a value inside one record or header, as property names and array indexes. */
export type FieldPath = readonly (string | number)[];

/**
 * Where a value went during a migration. "renamed": the new version has the same field under
 * another name. "no-place": the new version has no field for it, so it was kept verbatim in the
 * object's `extensions` slot and is reported to the user. Every value a step moves is listed,
 * which is how the property test proves that nothing is dropped.
 */
export type FieldMove = { from: FieldPath; to: FieldPath; reason: "renamed" | "no-place" };

export type Migrated = { value: JsonObject; moves: FieldMove[] };

/**
 * One step of the migration registry: upgrades data of version `from` to version `to`, the
 * next version. Both functions are pure: they return new objects and never change their input.
 * The runner rewrites `schemaVersion` itself, so a compatible step is the identity.
 */
export type MigrationStep = {
  from: string;
  to: string;
  /** What the step does, in a sentence, for `parley migrate` and the changelog. */
  summary: string;
  record(record: JsonObject): Migrated;
  header(header: JsonObject): Migrated;
};
