/**
 * A dataset whose cross-record problems cross the boundaries wherever a file is cut for
 * `--jobs`: used by the validator's and the CLI's tests that compare a split run with one
 * thread (test/parts-identical.test.ts, packages/cli/test/jobs.test.ts).
 */
import { generate } from "./generate.mjs";

const person = (id) =>
  `{"type":"person","id":"${id}","names":[{"value":"Someone ${id}","lang":"en"}]}`;
const source = (id, cites, published = "2022-11-18") =>
  `{"type":"source","id":"${id}","kind":"article","lang":"en","published":{"value":"${published}"},"reports":[{"source":"${cites}","relation":"cites"}]}`;
const format = (id) =>
  `{"type":"format","id":"${id}","name":"Format ${id}","kind":"named-format","members":[{"country":"RUS"},{"country":"KAZ"}]}`;
/** An event held in several formats: a French participant is a member of none of them. */
const heldIn = (id, formats) =>
  `{"type":"event","id":"${id}","kind":"meeting","date":{"value":"2022-11-17"},"participants":[{"unresolved":{"description":"the French ambassador"},"role":"Ambassador","represents":{"country":"FRA"}},{"unresolved":{"description":"the Russian minister"},"role":"Minister","represents":{"country":"RUS"}}],"formats":[${formats.map((f) => `{"format":"${f}","link":"held-in"}`).join(",")}]}`;
const formatWith = (id, members) =>
  `{"type":"format","id":"${id}","name":"Format ${id}","kind":"named-format","members":[${members.map((c) => `{"country":"${c}"}`).join(",")}]}`;
/** An event held in `formatId` alone, with participants representing `countries`. */
const heldInBy = (id, formatId, countries) =>
  `{"type":"event","id":"${id}","kind":"meeting","participants":[${countries.map((c, i) => `{"unresolved":{"name":"P${i}"},"represents":{"country":"${c}"}}`).join(",")}],"formats":[{"format":"${formatId}","link":"held-in"}]}`;
const event = (id, date, cites) =>
  `{"type":"event","id":"${id}","kind":"meeting","date":{"value":"${date}"},"citations":[{"source":"${cites}","locator":"para 1","excerpt":"x","certainty":"reported"}]}`;

/**
 * A dataset with cross-record problems in every direction: duplicates whose first use is in an
 * earlier part, in the same part (the bug: "already used at line 493" instead of 1501), used
 * three times across parts; references forward and backward across parts, dangling ones with
 * and without a "did you mean", to a record of the wrong type; sources published before the
 * event that cites them (ahead of the event and behind it); events held in several formats,
 * defined before the event (in its part or an earlier one) and after it, whose one participant
 * outside them all gets a finding per format at one position, in the order one process reports
 * them (when the event is read, or when a later format arrives). Spread evenly through generated
 * records so that any cut puts some of each on both sides.
 */
/**
 * The cross-record rules `crossingDataset` is built to trigger: a test comparing two ways of
 * validating it checks they all fire (on a clean file, agreement proves nothing).
 */
export const CROSSING_RULES = [
  "id-duplicate",
  "ref-dangling",
  "ref-wrong-type",
  "source-published-before-event",
  "format-members-participants",
  "json-syntax",
];

export function crossingDataset() {
  const lines = [
    '{"type":"dataset","schemaVersion":"1.0","title":"parts","publisher":"t","license":"CC0-1.0"}',
  ];
  const generated = [...generate(3_000, 0.05, 7)].map((r) => JSON.stringify(r));
  const blocks = 40;
  const per = Math.ceil(generated.length / blocks);
  for (let k = 0; k < blocks; k++) {
    lines.push(...generated.slice(k * per, (k + 1) * per));
    lines.push(person(`person:twice-${k}`));
    // Used again a few lines on: nearly always in the same part as its first use.
    lines.push(source(`source:s-${k}`, `source:s-${(k + 5) % blocks}`)); // forward / backward
    lines.push(person(`person:twice-${k}`));
    // First used by block 0, used again by every 8th block: across parts, and several times.
    if (k % 8 === 0) lines.push(person("person:everywhere"));
    lines.push(source(`source:early-${k}`, `source:s-${k}`, "2000-01-01"));
    lines.push(event(`event:e-${k}`, "2022-11-17", `source:early-${(k + 3) % blocks}`));
    lines.push(source(`source:dangling-${k}`, `source:s-${k}x`)); // did you mean source:s-k
    lines.push(source(`source:wrong-${k}`, `person:twice-${(k + 7) % blocks}`));
    if (k % 5 === 0) lines.push(`{"type":"event", "id":"event:broken-${k}",`);
    // Formats three blocks back and three on (another part, mostly) and this block's own,
    // defined just before the event in even blocks, just after it in odd ones.
    const back = `format:f-${(k + blocks - 3) % blocks}`;
    const on = `format:f-${(k + 3) % blocks}`;
    if (k % 2 === 0) lines.push(format(`format:f-${k}`));
    lines.push(heldIn(`event:held-in-${k}`, [on, back, `format:f-${k}`]));
    lines.push(heldIn(`event:held-in-again-${k}`, [`format:f-${k}`, back, on]));
    if (k % 2 === 1) lines.push(format(`format:f-${k}`));
    // An id defined first in block 0 and again, as another type, in a later block, then
    // referred to a line on: the reference means the first record (one process resolves it
    // there), not the duplicate its own part holds. Both ways: a source id redefined as a
    // person (the reference is right), a person id redefined as a source (it is wrong).
    if (k === 0) lines.push(person("source:was-person"));
    // A format defined in block 0 and an event in every block held in it (FRA is no member).
    // Its id used again in later blocks, as a format with other members, and a person's id used
    // again as a format, each followed by an event held in it: one process checks the event
    // against the FIRST record of the id (FRA is no member of format:x, KAZ is; a person has no
    // members), whatever the later part's own record of the id says.
    if (k === 0) {
      lines.push(formatWith("format:x", ["RUS", "KAZ"]));
      lines.push(person("format:was-person"));
    }
    lines.push(heldInBy(`event:in-x-${k}`, "format:x", ["KAZ", "FRA"]));
    if (k % 4 === 2) {
      lines.push(formatWith("format:x", ["FRA"]));
      lines.push(heldInBy(`event:in-x-again-${k}`, "format:x", ["FRA", "KAZ"]));
    }
    if (k % 4 === 3) {
      lines.push(formatWith("format:was-person", ["RUS"]));
      lines.push(heldInBy(`event:in-was-person-${k}`, "format:was-person", ["RUS", "FRA"]));
    }
    if (k % 4 === 1) {
      lines.push(person("source:s-0"));
      lines.push(source(`source:cites-s0-${k}`, "source:s-0"));
      lines.push(source("source:was-person", "source:s-1"));
      lines.push(source(`source:cites-was-person-${k}`, "source:was-person"));
    }
  }
  return `${lines.join("\n")}\n`;
}
