/**
 * What the dataset rules read of a record, as pointer templates (`*`: every array item). The
 * byte-level fast path (src/generated/scan/) hands the rules a projection of each valid record
 * holding only these members — built from the record's bytes, without parsing the rest — so
 * this list must cover every member a rule looks at. The agreement test (test/scan-agreement.
 * test.ts) proves it does: on the conformance corpus, the seed and fuzzed records, every rule
 * reports the same findings on the projection as on the whole record.
 *
 * A rule that starts reading another member adds it here (the test fails until it does).
 */
import type { VersionModule } from "../versions";

/** Members read by the rules, besides the reference sites of the version's schema. */
export const RULE_READS: readonly string[] = [
  // Every rule: what the record is.
  "/type",
  "/id",
  // The engine: a record's own version.
  "/schemaVersion",
  // Dates (dates across records, periods, bounds, inferred parts): whole partial dates.
  "/date",
  "/endDate",
  "/notBefore",
  "/notAfter",
  "/saidOn",
  "/published",
  "/founded",
  "/positions/*/start",
  "/positions/*/end",
  "/members/*/since",
  "/members/*/until",
  // Format membership: formats' member countries, events' participants' countries.
  "/members/*/country",
  "/formats/*/link",
  "/formats/*/format",
  "/participants/*/represents",
  // Participants listed twice; outcomes attributed to non-participants.
  "/participants/*/person",
  "/participants/*/organization",
  "/participants/*/post",
  "/outcomes/*/attributedTo/*/person",
  "/outcomes/*/attributedTo/*/organization",
  "/outcomes/*/attributedTo/*/post",
  "/outcomes/*/attributedTo/*/country",
  // Self references, and citations relayed via the source they cite.
  "/relations/*/event",
  "/relations/*/relation",
  "/rendering/of",
  "/rendering/kind",
  "/reports/*/source",
  "/reports/*/relation",
  "/parent",
  "/citations/*/source",
  "/citations/*/via",
  "/participants/*/citations/*/source",
  "/participants/*/citations/*/via",
  "/outcomes/*/citations/*/source",
  "/outcomes/*/citations/*/via",
  "/relations/*/citations/*/source",
  "/relations/*/citations/*/via",
  "/formats/*/citations/*/source",
  "/formats/*/citations/*/via",
  "/reports/*/citations/*/source",
  "/reports/*/citations/*/via",
  "/rendering/citations/*/source",
  "/rendering/citations/*/via",
  // Codes that must be among the codings.
  "/codes",
  "/codings/*/scheme",
  "/codings/*/code",
  // Quotes: insertions found in the text, unresolved speakers, languages, kinds. The quote's
  // own `/text` is not here: the insertion rule reads it through the record
  // (`RecordHandle.memberOf`) for the quotes that have insertions, a fifth of them in the
  // bench; decoding every quote's text for the projection was ~3 % of a clean run.
  "/insertions/*/text",
  "/insertions/*/occurrence",
  "/speaker/unresolved",
  "/lang",
  "/originalLang",
  "/kind",
];

/**
 * A want tree: for each member wanted, 1 (the whole value) or the tree of what is wanted
 * inside it; `*` stands for every item of an array.
 */
export type Want = 1 | { [member: string]: Want };

/** The want tree of pointer templates (a whole value wins over parts of it). */
export function wantOf(pointers: Iterable<string>): Want {
  const root: { [member: string]: Want } = {};
  for (const pointer of pointers) {
    const segments = pointer
      .slice(1)
      .split("/")
      .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
    let node: { [member: string]: Want } = root;
    segments.forEach((segment, k) => {
      const last = k === segments.length - 1;
      const next = node[segment];
      if (next === 1) return;
      if (last) {
        node[segment] = 1;
        return;
      }
      if (next === undefined) node[segment] = {};
      node = node[segment] as { [member: string]: Want };
    });
    // A whole value that was wanted before a part of it stays whole (the loop stops there).
  }
  return root;
}

const wants = new WeakMap<object, Want>();

/** What the dataset rules read of a record of `mod`'s version. */
export function ruleWant(mod: VersionModule): Want {
  let want = wants.get(mod);
  if (!want) {
    want = wantOf([...RULE_READS, ...mod.REFERENCE_SITES.map((site) => site.pointer)]);
    wants.set(mod, want);
  }
  return want;
}

/**
 * The projection of a parsed value on a want tree — what the exact path extracts, and what the
 * byte-level scanner must hand over for the same record: wanted members only, arrays at full
 * length (items not wanted are null).
 */
export function project(value: unknown, want: Want | undefined): unknown {
  if (want === undefined) return null;
  if (want === 1 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => project(item, want["*"]));
  const out: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(value)) {
    const inner = Object.hasOwn(want, name) ? want[name] : undefined;
    if (inner !== undefined) out[name] = project(item, inner);
  }
  return out;
}
