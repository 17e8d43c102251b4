/**
 * Compares two JSON Schemas of the standard and classifies every change, in the spirit of
 * `buf breaking`. The question asked of each change is the one a dataset publisher asks:
 * "does data that was valid before stay valid, and does it still mean the same thing?"
 *
 * - breaking: some dataset valid against the old schema is invalid against the new one (a
 *   required field added, a field removed or renamed, a type narrowed, an enum value removed, a
 *   pattern or bound tightened, additional properties closed), or a consumer that relied on a
 *   promise of the old schema breaks (a value added to a *closed* codelist, whose readers may
 *   switch over it exhaustively; a reference that now points at another record type).
 * - compatible: everything valid stays valid with the same meaning (an optional field added, a
 *   value added to an open codelist, a bound loosened, a description changed).
 *
 * Anything this module does not understand is reported as breaking ("unclassified-change"):
 * the gate errs on the side of asking for a major version.
 */

export type ChangeSeverity = "breaking" | "compatible";

export type ChangeKind =
  // breaking
  | "schema-removed"
  | "required-field-added"
  | "field-removed"
  | "field-renamed"
  | "field-made-required"
  | "type-narrowed"
  | "type-changed"
  | "const-added"
  | "const-changed"
  | "enum-added"
  | "enum-value-removed"
  | "enum-value-added-to-closed-codelist"
  | "codelist-opened"
  | "pattern-added"
  | "pattern-changed"
  | "format-added"
  | "format-changed"
  | "bound-tightened"
  | "unique-items-added"
  | "additional-properties-closed"
  | "union-variant-removed"
  | "reference-target-changed"
  | "unclassified-change"
  // compatible
  | "schema-added"
  | "optional-field-added"
  | "field-made-optional"
  | "type-widened"
  | "const-removed"
  | "enum-removed"
  | "enum-value-added"
  | "codelist-closed"
  | "pattern-removed"
  | "format-removed"
  | "bound-loosened"
  | "unique-items-removed"
  | "additional-properties-opened"
  | "union-variant-added"
  | "reference-target-removed"
  | "description-changed";

export type SchemaChange = {
  kind: ChangeKind;
  severity: ChangeSeverity;
  /** Where in the data: a definition or document name, then `.field`, `[]` (items), `(variant)`. */
  location: string;
  message: string;
  before?: unknown;
  after?: unknown;
};

type Schema = Record<string, unknown>;
type Definitions = Record<string, Schema>;

const SEVERITY: Record<ChangeKind, ChangeSeverity> = {
  "schema-removed": "breaking",
  "required-field-added": "breaking",
  "field-removed": "breaking",
  "field-renamed": "breaking",
  "field-made-required": "breaking",
  "type-narrowed": "breaking",
  "type-changed": "breaking",
  "const-added": "breaking",
  "const-changed": "breaking",
  "enum-added": "breaking",
  "enum-value-removed": "breaking",
  "enum-value-added-to-closed-codelist": "breaking",
  "codelist-opened": "breaking",
  "pattern-added": "breaking",
  "pattern-changed": "breaking",
  "format-added": "breaking",
  "format-changed": "breaking",
  "bound-tightened": "breaking",
  "unique-items-added": "breaking",
  "additional-properties-closed": "breaking",
  "union-variant-removed": "breaking",
  "reference-target-changed": "breaking",
  "unclassified-change": "breaking",
  "schema-added": "compatible",
  "optional-field-added": "compatible",
  "field-made-optional": "compatible",
  "type-widened": "compatible",
  "const-removed": "compatible",
  "enum-removed": "compatible",
  "enum-value-added": "compatible",
  "codelist-closed": "compatible",
  "pattern-removed": "compatible",
  "format-removed": "compatible",
  "bound-loosened": "compatible",
  "unique-items-removed": "compatible",
  "additional-properties-opened": "compatible",
  "union-variant-added": "compatible",
  "reference-target-removed": "compatible",
  "description-changed": "compatible",
};

export function severityOf(kind: ChangeKind): ChangeSeverity {
  return SEVERITY[kind];
}

/** Keywords that only document; changing them never changes which data is valid. */
const ANNOTATIONS = ["description", "title", "examples", "default", "$comment", "deprecated"];

/** Keywords this module classifies; a change in any other keyword is "unclassified". */
const HANDLED = new Set([
  ...ANNOTATIONS,
  "$ref",
  "$id",
  "$schema",
  "$defs",
  "id",
  "type",
  "const",
  "enum",
  "anyOf",
  "oneOf",
  "properties",
  "required",
  "additionalProperties",
  "propertyNames",
  "items",
  "pattern",
  "format",
  "minLength",
  "maxLength",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minItems",
  "maxItems",
  "minProperties",
  "maxProperties",
  "uniqueItems",
  "x-parley-ref",
  "x-parley-codelist",
]);

/** Lower bounds: raising one rejects data. Upper bounds: lowering one rejects data. */
const LOWER_BOUNDS = ["minLength", "minimum", "exclusiveMinimum", "minItems", "minProperties"];
const UPPER_BOUNDS = ["maxLength", "maximum", "exclusiveMaximum", "maxItems", "maxProperties"];

const DEF_PREFIX = "#/$defs/";

class Comparison {
  readonly changes: SchemaChange[] = [];
  /** Pairs of differently named definitions under comparison, to stop on recursive schemas. */
  private readonly inProgress = new Set<string>();

  constructor(
    private readonly oldDefs: Definitions,
    private readonly newDefs: Definitions,
  ) {}

  add(
    kind: ChangeKind,
    location: string,
    message: string,
    before?: unknown,
    after?: unknown,
  ): void {
    const change: SchemaChange = { kind, severity: SEVERITY[kind], location, message };
    if (before !== undefined) change.before = before;
    if (after !== undefined) change.after = after;
    this.changes.push(change);
  }

  /** Compares the schemas of one place in the data. */
  node(oldNode: unknown, newNode: unknown, location: string): void {
    const before = asSchema(oldNode);
    const after = asSchema(newNode);
    this.annotations(before, after, location);
    this.vocabulary(before, after, location);

    const oldRef = refName(before);
    const newRef = refName(after);
    if (oldRef !== undefined && oldRef === newRef) {
      // The same named definition on both sides is compared once, under its own name.
      this.rest(withoutRef(before), withoutRef(after), location);
      return;
    }
    if (oldRef !== undefined || newRef !== undefined) {
      const key = `${oldRef ?? "inline"}→${newRef ?? "inline"}`;
      if (this.inProgress.has(key)) return;
      this.inProgress.add(key);
      this.node(
        stripAnnotations(resolve(before, this.oldDefs)),
        stripAnnotations(resolve(after, this.newDefs)),
        location,
      );
      this.inProgress.delete(key);
      return;
    }
    this.rest(before, after, location);
  }

  private rest(before: Schema, after: Schema, location: string): void {
    if (isUnion(before) || isUnion(after)) {
      this.union(before, after, location);
      return;
    }
    const typesCompatible = this.types(before, after, location);
    this.constAndEnum(before, after, location);
    if (!typesCompatible) return; // deeper keywords of a different type say nothing more
    this.strings(before, after, location);
    this.bounds(before, after, location);
    this.object(before, after, location);
    if (before.items !== undefined || after.items !== undefined) {
      this.node(before.items ?? {}, after.items ?? {}, `${location}[]`);
    }
    if (!before.uniqueItems && after.uniqueItems) {
      this.add("unique-items-added", location, `${location}: items must now be unique`);
    } else if (before.uniqueItems && !after.uniqueItems) {
      this.add("unique-items-removed", location, `${location}: items no longer need to be unique`);
    }
    this.unclassified(before, after, location);
  }

  private annotations(before: Schema, after: Schema, location: string): void {
    const changed = ANNOTATIONS.filter((key) => !deepEqual(before[key], after[key]));
    if (changed.length > 0) {
      this.add(
        "description-changed",
        location,
        `${location}: ${changed.join(", ")} changed`,
        pick(before, changed),
        pick(after, changed),
      );
    }
  }

  private vocabulary(before: Schema, after: Schema, location: string): void {
    const oldTarget = before["x-parley-ref"];
    const newTarget = after["x-parley-ref"];
    if (oldTarget !== newTarget) {
      if (newTarget === undefined) {
        this.add(
          "reference-target-removed",
          location,
          `${location}: no longer a reference to a ${oldTarget} record`,
          oldTarget,
        );
      } else {
        this.add(
          "reference-target-changed",
          location,
          oldTarget === undefined
            ? `${location}: now must be the id of a ${newTarget} record`
            : `${location}: now refers to a ${newTarget} record instead of a ${oldTarget} record`,
          oldTarget,
          newTarget,
        );
      }
    }
    const oldList = before["x-parley-codelist"];
    const newList = after["x-parley-codelist"];
    if (oldList === "closed" && newList !== "closed" && newList !== undefined) {
      this.add(
        "codelist-opened",
        location,
        `${location}: the closed codelist became ${newList}; readers that handle every value may meet new ones`,
        oldList,
        newList,
      );
    } else if (oldList !== undefined && oldList !== "closed" && newList === "closed") {
      this.add(
        "codelist-closed",
        location,
        `${location}: the codelist is now closed`,
        oldList,
        newList,
      );
    }
  }

  /** Returns false when the types share nothing, so type-specific keywords are not compared. */
  private types(before: Schema, after: Schema, location: string): boolean {
    const oldTypes = typesOf(before);
    const newTypes = typesOf(after);
    if (oldTypes === undefined && newTypes === undefined) return true;
    if (newTypes === undefined) {
      this.add("type-widened", location, `${location}: any type is now accepted`, [
        ...(oldTypes ?? []),
      ]);
      return true;
    }
    if (oldTypes === undefined) {
      this.add(
        "type-narrowed",
        location,
        `${location}: now restricted to ${[...newTypes].join(" | ")}`,
        undefined,
        [...newTypes],
      );
      return true;
    }
    const lost = [...oldTypes].filter((type) => !accepts(newTypes, type));
    const gained = [...newTypes].filter((type) => !accepts(oldTypes, type));
    const shared = [...oldTypes].some((type) =>
      [...newTypes].some((other) => overlaps(type, other)),
    );
    if (!shared) {
      this.add(
        "type-changed",
        location,
        `${location}: type changed from ${[...oldTypes].join(" | ")} to ${[...newTypes].join(" | ")}`,
        [...oldTypes],
        [...newTypes],
      );
      return false;
    }
    if (lost.length > 0) {
      this.add(
        "type-narrowed",
        location,
        `${location}: ${lost.join(", ")} no longer accepted (now ${[...newTypes].join(" | ")})`,
        [...oldTypes],
        [...newTypes],
      );
    }
    if (gained.length > 0) {
      this.add(
        "type-widened",
        location,
        `${location}: now also accepts ${gained.join(", ")}`,
        [...oldTypes],
        [...newTypes],
      );
    }
    return true;
  }

  private constAndEnum(before: Schema, after: Schema, location: string): void {
    if ("const" in before || "const" in after) {
      if (!("const" in after)) {
        this.add(
          "const-removed",
          location,
          `${location}: no longer fixed to ${JSON.stringify(before.const)}`,
        );
      } else if (!("const" in before)) {
        this.add(
          "const-added",
          location,
          `${location}: now fixed to ${JSON.stringify(after.const)}`,
          undefined,
          after.const,
        );
      } else if (!deepEqual(before.const, after.const)) {
        this.add(
          "const-changed",
          location,
          `${location}: fixed value changed from ${JSON.stringify(before.const)} to ${JSON.stringify(after.const)}`,
          before.const,
          after.const,
        );
      }
    }
    const oldEnum = Array.isArray(before.enum) ? before.enum : undefined;
    const newEnum = Array.isArray(after.enum) ? after.enum : undefined;
    if (oldEnum === undefined && newEnum === undefined) return;
    if (newEnum === undefined) {
      this.add(
        "enum-removed",
        location,
        `${location}: no longer limited to a list of values`,
        oldEnum,
      );
      return;
    }
    if (oldEnum === undefined) {
      this.add(
        "enum-added",
        location,
        `${location}: now limited to ${newEnum.map((v) => JSON.stringify(v)).join(", ")}`,
        undefined,
        newEnum,
      );
      return;
    }
    const removed = oldEnum.filter((value) => !newEnum.some((other) => deepEqual(value, other)));
    const added = newEnum.filter((value) => !oldEnum.some((other) => deepEqual(value, other)));
    if (removed.length > 0) {
      this.add(
        "enum-value-removed",
        location,
        `${location}: ${quoteAll(removed)} removed from the allowed values; data using ${removed.length === 1 ? "it" : "them"} becomes invalid`,
        removed,
      );
    }
    if (added.length > 0) {
      // The codelist's openness is a promise of the OLD version: readers written against a
      // closed codelist may handle every value it had.
      const closed = before["x-parley-codelist"] === "closed";
      this.add(
        closed ? "enum-value-added-to-closed-codelist" : "enum-value-added",
        location,
        closed
          ? `${location}: ${quoteAll(added)} added to a closed codelist; readers that handle every value break`
          : `${location}: ${quoteAll(added)} added${before["x-parley-codelist"] === "open" ? " to an open codelist" : ""}`,
        undefined,
        added,
      );
    }
  }

  private strings(before: Schema, after: Schema, location: string): void {
    if (before.pattern !== after.pattern) {
      if (after.pattern === undefined) {
        this.add(
          "pattern-removed",
          location,
          `${location}: pattern /${before.pattern}/ removed`,
          before.pattern,
        );
      } else if (before.pattern === undefined) {
        this.add(
          "pattern-added",
          location,
          `${location}: must now match /${after.pattern}/`,
          undefined,
          after.pattern,
        );
      } else {
        // Whether one regular expression accepts a superset of another cannot be decided in
        // general; the gate assumes the worst, as buf does for changes it cannot prove safe.
        this.add(
          "pattern-changed",
          location,
          `${location}: pattern changed from /${before.pattern}/ to /${after.pattern}/; values the old pattern accepted may be rejected`,
          before.pattern,
          after.pattern,
        );
      }
    }
    if (before.format !== after.format) {
      if (after.format === undefined) {
        this.add(
          "format-removed",
          location,
          `${location}: format '${before.format}' removed`,
          before.format,
        );
      } else if (before.format === undefined) {
        this.add(
          "format-added",
          location,
          `${location}: must now be a '${after.format}'`,
          undefined,
          after.format,
        );
      } else {
        this.add(
          "format-changed",
          location,
          `${location}: format changed from '${before.format}' to '${after.format}'`,
          before.format,
          after.format,
        );
      }
    }
  }

  private bounds(before: Schema, after: Schema, location: string): void {
    for (const [keywords, tighter] of [
      [LOWER_BOUNDS, (a: number, b: number) => b > a],
      [UPPER_BOUNDS, (a: number, b: number) => b < a],
    ] as const) {
      for (const keyword of keywords) {
        const oldBound = before[keyword];
        const newBound = after[keyword];
        if (oldBound === newBound) continue;
        const tightened =
          typeof newBound === "number" &&
          (typeof oldBound !== "number" || tighter(oldBound, newBound));
        this.add(
          tightened ? "bound-tightened" : "bound-loosened",
          location,
          `${location}: ${keyword} ${oldBound === undefined ? "added" : newBound === undefined ? "removed" : "changed"} (${oldBound ?? "none"} → ${newBound ?? "none"})`,
          oldBound,
          newBound,
        );
      }
    }
  }

  private object(before: Schema, after: Schema, location: string): void {
    const oldProps = asRecord(before.properties);
    const newProps = asRecord(after.properties);
    const oldRequired = new Set(asStrings(before.required));
    const newRequired = new Set(asStrings(after.required));
    const oldNames = new Set([...Object.keys(oldProps), ...oldRequired]);
    const newNames = new Set([...Object.keys(newProps), ...newRequired]);
    const removed = [...oldNames].filter((name) => !newNames.has(name));
    const added = [...newNames].filter((name) => !oldNames.has(name));

    // A removed field and an added field with the same schema are a rename.
    for (const oldName of [...removed]) {
      const newName = added.find(
        (candidate) =>
          oldProps[oldName] !== undefined &&
          newProps[candidate] !== undefined &&
          deepEqual(
            stripAnnotations(asSchema(oldProps[oldName])),
            stripAnnotations(asSchema(newProps[candidate])),
          ),
      );
      if (newName === undefined) continue;
      removed.splice(removed.indexOf(oldName), 1);
      added.splice(added.indexOf(newName), 1);
      this.add(
        "field-renamed",
        `${location}.${oldName}`,
        `${location}: field '${oldName}' renamed to '${newName}'; data that uses '${oldName}' is no longer understood`,
        oldName,
        newName,
      );
    }
    for (const name of removed) {
      this.add(
        "field-removed",
        `${location}.${name}`,
        `${location}: field '${name}' removed; data that uses it is no longer valid or no longer understood`,
      );
    }
    for (const name of added) {
      if (newRequired.has(name)) {
        this.add(
          "required-field-added",
          `${location}.${name}`,
          `${location}: required field '${name}' added; existing data lacks it`,
        );
      } else {
        this.add(
          "optional-field-added",
          `${location}.${name}`,
          `${location}: optional field '${name}' added`,
        );
      }
    }
    for (const name of [...oldNames].filter((n) => newNames.has(n))) {
      const path = `${location}.${name}`;
      if (!oldRequired.has(name) && newRequired.has(name)) {
        this.add(
          "field-made-required",
          path,
          `${path}: now required; data without it becomes invalid`,
        );
      } else if (oldRequired.has(name) && !newRequired.has(name)) {
        this.add("field-made-optional", path, `${path}: now optional`);
      }
      if (oldProps[name] !== undefined && newProps[name] !== undefined) {
        this.node(oldProps[name], newProps[name], path);
      }
    }

    if ("additionalProperties" in before || "additionalProperties" in after) {
      const oldExtra = before.additionalProperties;
      const newExtra = after.additionalProperties;
      const oldClosed = oldExtra === false;
      const newClosed = newExtra === false;
      if (!oldClosed && newClosed) {
        this.add(
          "additional-properties-closed",
          location,
          `${location}: no longer accepts fields other than ${Object.keys(newProps).join(", ") || "none"}`,
        );
      } else if (oldClosed && !newClosed) {
        this.add("additional-properties-opened", location, `${location}: now accepts other fields`);
      } else if (!oldClosed && !newClosed) {
        this.node(openSchema(oldExtra), openSchema(newExtra), `${location}{*}`);
      }
    }
    if (before.propertyNames !== undefined || after.propertyNames !== undefined) {
      this.node(before.propertyNames ?? {}, after.propertyNames ?? {}, `${location}{key}`);
    }
  }

  private union(before: Schema, after: Schema, location: string): void {
    const oldVariants = variantsOf(before);
    const newVariants = variantsOf(after);
    const label = (variant: Schema, defs: Definitions) => variantKey(resolve(variant, defs));
    const unpairedNew = newVariants.map((variant, index) => ({ variant, index }));
    const unpairedOld: Schema[] = [];
    for (const variant of oldVariants) {
      const key = label(variant, this.oldDefs);
      const match = unpairedNew.findIndex(
        (candidate) => label(candidate.variant, this.newDefs) === key,
      );
      if (match < 0) {
        unpairedOld.push(variant);
        continue;
      }
      const [partner] = unpairedNew.splice(match, 1);
      this.node(variant, partner?.variant, `${location}(${key})`);
    }
    // Variants whose shape changed (a field added to one) are paired with the new variant
    // that breaks the least, so the report says what changed instead of "removed + added".
    for (const variant of unpairedOld) {
      const key = label(variant, this.oldDefs);
      let best: { index: number; changes: SchemaChange[] } | undefined;
      for (const [index, candidate] of unpairedNew.entries()) {
        const trial = new Comparison(this.oldDefs, this.newDefs);
        trial.node(variant, candidate.variant, `${location}(${key})`);
        const score = (changes: SchemaChange[]) => [
          changes.filter((c) => c.severity === "breaking").length,
          changes.length,
        ];
        const [breaking = 0, total = 0] = score(trial.changes);
        const [bestBreaking = Number.POSITIVE_INFINITY, bestTotal = 0] = best
          ? score(best.changes)
          : [];
        if (breaking < bestBreaking || (breaking === bestBreaking && total < bestTotal)) {
          best = { index, changes: trial.changes };
        }
      }
      // A partner of another type or discriminator is not the same alternative reshaped.
      const sameAlternative = best?.changes.every(
        (change) => change.kind !== "type-changed" && change.kind !== "const-changed",
      );
      if (best !== undefined && sameAlternative === true) {
        this.changes.push(...best.changes);
        unpairedNew.splice(best.index, 1);
      } else {
        this.add(
          "union-variant-removed",
          `${location}(${key})`,
          `${location}: the alternative (${key}) is no longer accepted`,
        );
      }
    }
    for (const { variant } of unpairedNew) {
      const key = label(variant, this.newDefs);
      this.add(
        "union-variant-added",
        `${location}(${key})`,
        `${location}: new alternative (${key}) accepted`,
      );
    }
  }

  private unclassified(before: Schema, after: Schema, location: string): void {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const key of keys) {
      if (HANDLED.has(key) || key.startsWith("x-")) continue;
      if (!deepEqual(before[key], after[key])) {
        this.add(
          "unclassified-change",
          location,
          `${location}: '${key}' changed and Parley cannot tell whether data stays valid; treated as breaking`,
          before[key],
          after[key],
        );
      }
    }
  }
}

function asSchema(value: unknown): Schema {
  if (value === true || value === undefined) return {};
  if (value === false) return { not: {} };
  return typeof value === "object" && value !== null ? (value as Schema) : {};
}

function openSchema(value: unknown): Schema {
  return value === undefined || value === true ? {} : asSchema(value);
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

function asStrings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === "string")
    : [];
}

function refName(schema: Schema): string | undefined {
  const ref = schema.$ref;
  return typeof ref === "string" ? ref : undefined;
}

function withoutRef(schema: Schema): Schema {
  const { $ref: _ref, ...rest } = schema;
  return stripAnnotations(rest);
}

/** The schema with its `$ref` replaced by the referenced definition (siblings override it). */
function resolve(schema: Schema, defs: Definitions): Schema {
  const ref = refName(schema);
  if (ref === undefined) return schema;
  const { $ref: _ref, ...siblings } = schema;
  const target = ref.startsWith(DEF_PREFIX)
    ? defs[decodeURIComponent(ref.slice(DEF_PREFIX.length))]
    : undefined;
  if (target === undefined) return schema;
  return { ...resolve(target, defs), ...siblings };
}

function stripAnnotations(schema: Schema): Schema {
  return Object.fromEntries(Object.entries(schema).filter(([key]) => !ANNOTATIONS.includes(key)));
}

function pick(schema: Schema, keys: string[]): Schema {
  return Object.fromEntries(keys.filter((key) => key in schema).map((key) => [key, schema[key]]));
}

function isUnion(schema: Schema): boolean {
  return Array.isArray(schema.anyOf) || Array.isArray(schema.oneOf);
}

function variantsOf(schema: Schema): Schema[] {
  const list = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
  if (list === undefined) return [schema];
  const { anyOf: _anyOf, oneOf: _oneOf, ...shared } = schema;
  return list.map((variant) => ({ ...stripAnnotations(shared), ...asSchema(variant) }));
}

/** A stable name for a union alternative: its discriminator, its required fields, or its type. */
function variantKey(schema: Schema): string {
  const properties = asRecord(schema.properties);
  const discriminator = asSchema(properties.type).const;
  if (typeof discriminator === "string") return `type=${discriminator}`;
  const required = asStrings(schema.required);
  if (required.length > 0) return [...required].sort().join("+");
  if ("const" in schema) return JSON.stringify(schema.const);
  return [...(typesOf(schema) ?? ["any"])].join("|");
}

function typesOf(schema: Schema): Set<string> | undefined {
  if (typeof schema.type === "string") return new Set([schema.type]);
  if (Array.isArray(schema.type)) return new Set(asStrings(schema.type));
  return undefined;
}

/** Whether two JSON types share a value: only integers are numbers of another name. */
function overlaps(a: string, b: string): boolean {
  return a === b || (a === "integer" && b === "number") || (a === "number" && b === "integer");
}

/** `number` accepts every `integer`. */
function accepts(types: Set<string>, type: string): boolean {
  return types.has(type) || (type === "integer" && types.has("number"));
}

function quoteAll(values: unknown[]): string {
  return values.map((value) => JSON.stringify(value)).join(", ");
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  return (
    keys.length === Object.keys(right).length &&
    keys.every((key) => key in right && deepEqual(left[key], right[key]))
  );
}

function definitionsOf(documents: Record<string, Schema>): Definitions {
  const defs: Definitions = {};
  for (const document of Object.values(documents)) {
    for (const [name, definition] of Object.entries(asRecord(document.$defs))) {
      defs[name] ??= asSchema(definition);
    }
  }
  return defs;
}

/** The root of a document without its identity and its definitions (compared by name). */
function documentRoot(document: Schema): Schema {
  const { $defs: _defs, $id: _id, $schema: _schema, ...root } = document;
  return root;
}

/**
 * Compares two sets of JSON Schema documents (a version's files, by name). Each named
 * definition is compared once, under its own name, however many documents include it.
 */
export function diffSchemaDocuments(
  oldDocuments: Record<string, Schema>,
  newDocuments: Record<string, Schema>,
): SchemaChange[] {
  const oldDefs = definitionsOf(oldDocuments);
  const newDefs = definitionsOf(newDocuments);
  const comparison = new Comparison(oldDefs, newDefs);
  for (const name of Object.keys(oldDocuments)) {
    if (!(name in newDocuments)) {
      comparison.add("schema-removed", name, `the ${name} schema was removed`);
    }
  }
  for (const name of Object.keys(newDocuments)) {
    if (!(name in oldDocuments)) {
      comparison.add("schema-added", name, `the ${name} schema was added`);
    }
  }
  for (const name of Object.keys(oldDefs).sort()) {
    if (name in newDefs) comparison.node(oldDefs[name], newDefs[name], name);
  }
  for (const name of Object.keys(oldDocuments).sort()) {
    const oldDocument = oldDocuments[name];
    const newDocument = newDocuments[name];
    if (oldDocument && newDocument) {
      comparison.node(documentRoot(oldDocument), documentRoot(newDocument), `${name} document`);
    }
  }
  return dedupe(comparison.changes);
}

/** Compares two single JSON Schema documents. */
export function diffJsonSchemas(oldSchema: Schema, newSchema: Schema): SchemaChange[] {
  return diffSchemaDocuments({ schema: oldSchema }, { schema: newSchema }).map((change) => ({
    ...change,
    location: change.location.replace(/^schema document/, "$"),
    message: change.message.replace(/^schema document/, "$"),
  }));
}

function dedupe(changes: SchemaChange[]): SchemaChange[] {
  const seen = new Set<string>();
  return changes.filter((change) => {
    const key = `${change.kind}|${change.location}|${change.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
