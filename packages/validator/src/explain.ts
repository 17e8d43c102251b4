/**
 * The explaining path: an interpreter of the version's JSON Schema that reports EVERY problem
 * of a value (not the first), each with a rule id, a JSON Pointer and, where it helps, a
 * "did you mean". It runs only on records the compiled fast path rejected, so it may be slow;
 * the agreement tests prove it accepts exactly what the fast path accepts.
 *
 * Unions are explained through the branch the data evidently meant (the one whose own shape
 * fits best); when no branch is evidently meant, one `schema-union` finding lists the forms.
 */

import { normalizeCountry } from "@parley/sdk/countries";
import {
  closestForm,
  formsList,
  missingPropertyMessage,
  noKnownFormMessage,
  notInCodeListMessage,
  quoteValue,
  typeMismatchMessage,
  unknownPropertyMessage,
} from "@parley/sdk/messages";
import {
  alpha3OfAlpha2,
  COUNTRIES,
  checkFormat,
  codePointLength,
  isRealPartialDate,
} from "./fast-runtime";
import { escapePointerToken } from "./finding";
import type { RuleId } from "./rules";
import { didYouMean, distance } from "./suggest";

export interface Issue {
  ruleId: RuleId;
  pointer: string;
  message: string;
  suggestion?: string;
  /** Position the finding at the member's key rather than its value (unknown properties). */
  atKey?: boolean;
  /** Set on type/required/unknown-property issues: the pointer of the object whose shape is wrong. */
  shapeOf?: string;
}

type Schema = Record<string, unknown>;

/**
 * A schema node as the explainer walks it, read once: the schema objects are large plain
 * objects, and looking up `$ref`, the compiled check of its definition, the code list, the
 * union and the type on every value walked was a good part of explaining a broken record.
 */
interface Plan {
  /** The node after `$ref`s. */
  node: Schema;
  /** The `$defs` name the node came from, if any. */
  defName: string | undefined;
  /** The definition's compiled exact check (a subtree it accepts is not walked). */
  check: ((x: unknown, d: number) => boolean) | undefined;
  codelist: string | undefined;
  union: boolean;
  type: string | undefined;
}

/** Values in messages are quoted as the SDK's builders quote them (one message source). */
const quote = quoteValue;

/** A value of the wrong JSON type: a shape problem of the object at `pointer`. */
function typeIssue(pointer: string, expected: string, value: unknown, literal = false): Issue {
  return {
    ruleId: "schema-type",
    pointer,
    shapeOf: pointer,
    message: typeMismatchMessage(expected, value, literal),
  };
}

export class Explainer {
  private readonly defs: Record<string, Schema>;

  /**
   * @param defChecks The version's compiled exact checks by $defs name (DEF_CHECKS of the
   *   generated module). With them, a subtree that its compiled check accepts is skipped: the
   *   interpreter then only walks what is broken. Without them (the agreement tests), it walks
   *   everything itself.
   */
  constructor(
    private readonly document: Schema,
    private readonly defChecks?: Readonly<Record<string, (x: unknown, d: number) => boolean>>,
  ) {
    this.defs = (document.$defs ?? {}) as Record<string, Schema>;
  }

  /** Every problem of `value` against the document's root schema. */
  explain(value: unknown): Issue[] {
    const out: Issue[] = [];
    this.walk(this.document, value, "", out);
    return out;
  }

  /** Every problem of `value` against one property schema of the root object (metadata checks). */
  explainAgainst(schema: Schema, value: unknown, pointer: string): Issue[] {
    const out: Issue[] = [];
    this.walk(schema, value, pointer, out);
    return out;
  }

  private readonly resolved = new WeakMap<Schema, { node: Schema; defName?: string }>();

  resolve(node: Schema): { node: Schema; defName?: string } {
    const cached = this.resolved.get(node);
    if (cached) return cached;
    const result = this.resolveUncached(node);
    this.resolved.set(node, result);
    return result;
  }

  private resolveUncached(node: Schema): { node: Schema; defName?: string } {
    let defName: string | undefined;
    let current = node;
    for (let guard = 0; typeof current.$ref === "string" && guard < 32; guard++) {
      const name = /^#\/\$defs\/(.+)$/.exec(current.$ref as string)?.[1];
      const target = name ? this.defs[name] : undefined;
      if (!target || !name) throw new Error(`Unresolvable $ref ${String(current.$ref)}`);
      defName = name;
      current = target;
    }
    return { node: current, defName };
  }

  private readonly plans = new WeakMap<Schema, Plan>();

  /** What walking `input` needs, read from the schema once (see Plan). */
  private plan(input: Schema): Plan {
    let plan = this.plans.get(input);
    if (!plan) {
      const { node, defName } = this.resolve(input);
      plan = {
        node,
        defName,
        check: defName !== undefined ? this.defChecks?.[defName] : undefined,
        codelist: (input["x-parley-codelist"] ?? node["x-parley-codelist"]) as string | undefined,
        union: Boolean(node.oneOf || node.anyOf),
        type: node.type as string | undefined,
      };
      this.plans.set(input, plan);
    }
    return plan;
  }

  private walk(input: Schema, value: unknown, pointer: string, out: Issue[]): void {
    const plan = this.plan(input);
    if (plan.check?.(value, 1)) return;
    this.walkPlan(plan, value, pointer, out);
  }

  /**
   * A member or item: its pointer is made only when its compiled check fails (most members of a
   * broken record are fine, and an explanation walks past them).
   */
  private walkChild(
    input: Schema,
    value: unknown,
    pointer: string,
    token: string | number,
    out: Issue[],
  ): void {
    const plan = this.plan(input);
    if (plan.check?.(value, 1)) return;
    this.walkPlan(plan, value, `${pointer}/${escapePointerToken(token)}`, out);
  }

  /** `walk` once the compiled check (if any) has refused the value. */
  private walkPlan(plan: Plan, value: unknown, pointer: string, out: Issue[]): void {
    const { node, defName, codelist } = plan;
    if (plan.union) {
      this.union(node, value, pointer, out);
      return;
    }
    const type = plan.type;
    switch (type) {
      case "object":
        this.object(node, value, pointer, out, defName);
        return;
      case "array":
        this.array(node, value, pointer, out);
        return;
      case "string":
        this.string(node, value, pointer, out, codelist);
        return;
      case "number":
      case "integer":
        this.number(node, value, pointer, out, type);
        return;
      case "boolean":
        if (typeof value !== "boolean") {
          out.push(typeIssue(pointer, "true or false", value));
        }
        return;
      default:
        return; // `{}`: any value
    }
  }

  private object(
    node: Schema,
    value: unknown,
    pointer: string,
    out: Issue[],
    defName?: string,
  ): void {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      out.push(typeIssue(pointer, "an object", value));
      return;
    }
    const props = (node.properties ?? {}) as Record<string, Schema>;
    const record = value as Record<string, unknown>;
    const closed = node.additionalProperties === false;
    for (const key of Object.keys(record)) {
      const schema = Object.hasOwn(props, key) ? props[key] : undefined;
      if (schema) {
        this.walkChild(schema, record[key], pointer, key, out);
      } else if (closed) {
        const child = `${pointer}/${escapePointerToken(key)}`;
        const suggestion = didYouMean(
          key,
          Object.keys(props).filter((k) => !Object.hasOwn(record, k)),
        );
        out.push({
          ruleId: "schema-additional-property",
          pointer: child,
          atKey: true,
          shapeOf: pointer,
          message: unknownPropertyMessage(key, suggestion),
          ...(suggestion ? { suggestion } : {}),
        });
      }
    }
    for (const key of (node.required ?? []) as string[]) {
      if (!Object.hasOwn(record, key)) {
        out.push({
          ruleId: "schema-required",
          pointer,
          shapeOf: pointer,
          message: missingPropertyMessage(key),
        });
      }
    }
    if (
      defName === "PartialDate" &&
      typeof record.value === "string" &&
      !isRealPartialDate(record.value)
    ) {
      const pattern = (props.value as Schema | undefined)?.pattern;
      // Only dates of the right shape: a malformed one already has its schema-pattern finding.
      if (typeof pattern !== "string" || compiledPattern(pattern).test(record.value)) {
        out.push({
          ruleId: "date-impossible",
          pointer: `${pointer}/value`,
          message: `${quote(record.value)} is not a day of the calendar`,
        });
      }
    }
  }

  private array(node: Schema, value: unknown, pointer: string, out: Issue[]): void {
    if (!Array.isArray(value)) {
      out.push(typeIssue(pointer, "an array", value));
      return;
    }
    if (typeof node.minItems === "number" && value.length < node.minItems) {
      out.push({
        ruleId: "schema-min-items",
        pointer,
        message: `Expected at least ${node.minItems} item${node.minItems === 1 ? "" : "s"}, found ${value.length}`,
      });
    }
    if (typeof node.maxItems === "number" && value.length > node.maxItems) {
      out.push({
        ruleId: "schema-min-items",
        pointer,
        message: `Expected at most ${node.maxItems} items, found ${value.length}`,
      });
    }
    const items = node.items as Schema | undefined;
    if (items)
      for (let i = 0; i < value.length; i++) this.walkChild(items, value[i], pointer, i, out);
  }

  private string(
    node: Schema,
    value: unknown,
    pointer: string,
    out: Issue[],
    codelist: string | undefined,
  ): void {
    if (typeof value !== "string") {
      out.push(typeIssue(pointer, "a string", value));
      return;
    }
    if (typeof node.minLength === "number" && codePointLength(value) < node.minLength) {
      out.push({
        ruleId: "schema-min-length",
        pointer,
        message:
          node.minLength === 1
            ? "Empty string; omit the field instead"
            : `Shorter than ${node.minLength} characters`,
      });
      return;
    }
    if (typeof node.maxLength === "number" && codePointLength(value) > node.maxLength) {
      out.push({
        ruleId: "schema-min-length",
        pointer,
        message: `Longer than ${node.maxLength} characters`,
      });
    }
    if (Array.isArray(node.enum) && !node.enum.includes(value)) {
      const options = node.enum as string[];
      const suggestion = didYouMean(value, options);
      out.push({
        ruleId: "schema-enum",
        pointer,
        message: notInCodeListMessage(value, options, suggestion),
        ...(suggestion ? { suggestion } : {}),
      });
      return;
    }
    if (node.const !== undefined && value !== node.const) {
      // A constant is a code list of one value.
      out.push({
        ruleId: "schema-enum",
        pointer,
        message: `Expected ${quote(node.const)}, found ${quote(value)}`,
      });
      return;
    }
    if (codelist === "country") {
      if (typeof node.pattern === "string" && !pattern(node.pattern).test(value)) {
        const suggestion = suggestCountry(value);
        out.push({
          ruleId: "schema-pattern",
          pointer,
          message: `${quote(value)} is not an upper-case ISO 3166-1 alpha-3 country code${suggestion ? ` (did you mean '${suggestion}'?)` : ""}`,
          ...(suggestion ? { suggestion } : {}),
        });
      } else if (!COUNTRIES.has(value)) {
        const suggestion = suggestCountry(value);
        out.push({
          ruleId: "country-code-unknown",
          pointer,
          message: `${quote(value)} is not an ISO 3166-1 alpha-3 or ISO 3166-3 country code${suggestion ? ` (did you mean '${suggestion}'?)` : ""}`,
          ...(suggestion ? { suggestion } : {}),
        });
      }
      return;
    }
    // A format that fails is the one finding: zod writes a `format` together with its own
    // pattern for the same shape (z.iso.date), and one bad date is one problem, not two.
    if (typeof node.format === "string" && !checkFormat(node.format, value)) {
      out.push({
        ruleId: "schema-format",
        pointer,
        message: `${quote(value)} is not a valid ${node.format === "uri" ? "absolute URL" : node.format === "date" ? "YYYY-MM-DD date" : node.format}`,
      });
      return;
    }
    if (typeof node.pattern === "string" && !pattern(node.pattern).test(value)) {
      out.push({
        ruleId: "schema-pattern",
        pointer,
        message: `${quote(value)} does not have the required shape ${describePattern(node)}`,
      });
    }
  }

  private number(node: Schema, value: unknown, pointer: string, out: Issue[], type: string): void {
    if (typeof value !== "number") {
      out.push(typeIssue(pointer, "a number", value));
      return;
    }
    if (type === "integer" && !Number.isInteger(value)) {
      out.push(typeIssue(pointer, "a whole number", value, true));
    }
    if (typeof node.minimum === "number" && value < node.minimum) {
      out.push({
        ruleId: "schema-range",
        pointer,
        message: `${value} is below the minimum ${node.minimum}`,
      });
    }
    if (typeof node.maximum === "number" && value > node.maximum) {
      out.push({
        ruleId: "schema-range",
        pointer,
        message: `${value} is above the maximum ${node.maximum}`,
      });
    }
    if (typeof node.exclusiveMinimum === "number" && value <= node.exclusiveMinimum) {
      out.push({
        ruleId: "schema-range",
        pointer,
        message: `${value} must be greater than ${node.exclusiveMinimum}`,
      });
    }
    if (typeof node.exclusiveMaximum === "number" && value >= node.exclusiveMaximum) {
      out.push({
        ruleId: "schema-range",
        pointer,
        message: `${value} must be less than ${node.exclusiveMaximum}`,
      });
    }
  }

  private union(node: Schema, value: unknown, pointer: string, out: Issue[]): void {
    const branches = (node.oneOf ?? node.anyOf) as Schema[];
    const table = this.discriminator(branches);
    if (table) {
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        out.push(typeIssue(pointer, "an object", value));
        return;
      }
      const type = (value as Record<string, unknown>).type;
      const branch = typeof type === "string" ? table.get(type) : undefined;
      if (!branch) {
        const suggestion = typeof type === "string" ? didYouMean(type, table.keys()) : undefined;
        out.push({
          ruleId: type === undefined ? "record-type-missing" : "record-type-unknown",
          pointer: type === undefined ? pointer : `${pointer}/type`,
          message:
            type === undefined
              ? `Missing 'type'; expected one of ${[...table.keys()].join(", ")}`
              : `Unknown type ${quote(type)}${suggestion ? ` (did you mean '${suggestion}'?)` : ""}; expected one of ${[...table.keys()].join(", ")}`,
          ...(suggestion ? { suggestion } : {}),
        });
        return;
      }
      this.walk(branch, value, pointer, out);
      return;
    }
    const results = branches.map((branch) => {
      const issues: Issue[] = [];
      this.walk(branch, value, pointer, issues);
      const shape = issues.filter((i) => i.shapeOf === pointer).length;
      return { branch, issues, score: shape * 1000 + issues.length, shape };
    });
    const passing = results.filter((r) => r.issues.length === 0).length;
    if (passing === 1 || (passing > 1 && node.anyOf)) return;
    if (passing > 1) {
      out.push({
        ruleId: "schema-union",
        pointer,
        shapeOf: pointer,
        message: `Matches ${passing} of the allowed forms where exactly one is required: ${this.forms(branches)}`,
      });
      return;
    }
    // The SDK's builders choose and word the same way (one message source for both).
    const meant = closestForm(
      results.map((r) => ({ shapeProblems: r.shape, problems: r.issues.length })),
      value,
    );
    if (meant === undefined) {
      out.push({
        ruleId: "schema-union",
        pointer,
        shapeOf: pointer,
        message: noKnownFormMessage(this.forms(branches), value),
      });
      return;
    }
    out.push(...(results[meant] as (typeof results)[number]).issues);
  }

  /** Human names of union branches: their required keys ('{person}', '{name} or {description}'). */
  private forms(branches: Schema[]): string {
    return formsList(
      branches.map((b) => {
        const { node } = this.resolve(b);
        if (node.type === "object") return (node.required ?? []) as string[];
        return String(node.type ?? "value");
      }),
    );
  }

  private discriminator(branches: Schema[]): Map<string, Schema> | undefined {
    const table = new Map<string, Schema>();
    for (const branch of branches) {
      const { node } = this.resolve(branch);
      const c = (
        (node.properties as Record<string, Schema> | undefined)?.type as Schema | undefined
      )?.const;
      if (node.type !== "object" || typeof c !== "string" || table.has(c)) return undefined;
      table.set(c, branch);
    }
    return table;
  }
}

const patterns = new Map<string, RegExp>();
/** JSON Schema patterns are ECMA-262 regexes with the `u` flag; each is compiled once. */
function compiledPattern(source: string): RegExp {
  let re = patterns.get(source);
  if (!re) {
    re = new RegExp(source, "u");
    patterns.set(source, re);
  }
  return re;
}
const pattern = compiledPattern;

function describePattern(node: Schema): string {
  const description = typeof node.description === "string" ? node.description : "";
  const example = /e\.g\. ('[^']+')|\(('[^']+')/.exec(description);
  return `/${String(node.pattern)}/${example ? ` (e.g. ${example[1] ?? example[2]})` : ""}`;
}

/**
 * The alpha-3 code a value meant: lower case and alpha-2 codes, and names, from the SDK's
 * country reconciler ("Brazil" → BRA, "U.K." → GBR, a typo away from a name → that country);
 * near-miss codes by edit distance. Nothing for an ambiguous label ("Korea"): a suggestion
 * must never be a guess.
 */
export function suggestCountry(value: string): string | undefined {
  const upper = value.toUpperCase();
  if (COUNTRIES.has(upper)) return upper;
  if (upper.length === 2) return alpha3OfAlpha2(upper);
  const reconciled = normalizeCountry(value);
  if (reconciled.match) return reconciled.code;
  if (reconciled.reason === "unknown" && reconciled.suggestions.length === 1)
    return reconciled.suggestions[0]?.code;
  if (upper.length === 3) return uniqueNearestCode(upper);
  return undefined;
}

/** The one code a letter away ("KAX" → KAZ); none when several are ("BRZ": BRA, BRB, BRN, BLZ). */
function uniqueNearestCode(code: string): string | undefined {
  let nearest: string | undefined;
  for (const candidate of COUNTRIES) {
    if (distance(code, candidate, 1) > 1) continue;
    if (nearest !== undefined) return undefined;
    nearest = candidate;
  }
  return nearest;
}
