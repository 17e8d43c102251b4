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
const format = (id, members) =>
  `{"type":"format","id":"${id}","name":"Format ${id}","kind":"named-format","members":[${members.map((c) => `{"country":"${c}"}`).join(",")}]}`;
/** An event held in `formatId`, with participants representing `countries`. */
const heldIn = (id, formatId, countries) =>
  `{"type":"event","id":"${id}","kind":"meeting","participants":[${countries.map((c, i) => `{"unresolved":{"name":"P${i}"},"represents":{"country":"${c}"}}`).join(",")}],"formats":[{"format":"${formatId}","link":"held-in"}]}`;
const event = (id, date, cites) =>
  `{"type":"event","id":"${id}","kind":"meeting","date":{"value":"${date}"},"citations":[{"source":"${cites}","locator":"para 1","excerpt":"x","certainty":"reported"}]}`;

/**
 * A dataset with cross-record problems in every direction: duplicates whose first use is in an
 * earlier part, in the same part (the bug: "already used at line 493" instead of 1501), used
 * three times across parts; references forward and backward across parts, dangling ones with
 * and without a "did you mean", to a record of the wrong type; sources published before the
 * event that cites them (ahead of the event and behind it). Spread evenly through generated
 * records so that any cut puts some of each on both sides.
 */
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
    // An id defined first in block 0 and again, as another type, in a later block, then
    // referred to a line on: the reference means the first record (one process resolves it
    // there), not the duplicate its own part holds. Both ways: a source id redefined as a
    // person (the reference is right), a person id redefined as a source (it is wrong).
    if (k === 0) lines.push(person("source:was-person"));
    // Format membership across parts: a format defined in block 0, an event in every block
    // held in it (FRA is no member); formats used before their record (a few blocks on). The
    // format's id used again in later blocks, as a format with other members and as a person,
    // then an event held in it: one process checks it against the FIRST record (FRA is not a
    // member; KAZ is), whatever the later part's own record of the id says.
    if (k === 0) {
      lines.push(format("format:x", ["RUS", "KAZ"]));
      lines.push(person("format:was-person"));
    }
    lines.push(heldIn(`event:in-x-${k}`, "format:x", ["KAZ", "FRA"]));
    lines.push(heldIn(`event:in-ahead-${k}`, `format:ahead-${(k + 3) % blocks}`, ["RUS", "CHN"]));
    lines.push(format(`format:ahead-${k}`, ["RUS"]));
    if (k % 4 === 2) {
      lines.push(format("format:x", ["FRA"]));
      lines.push(heldIn(`event:in-x-again-${k}`, "format:x", ["FRA", "KAZ"]));
    }
    if (k % 4 === 3) {
      lines.push(format("format:was-person", ["RUS"]));
      lines.push(heldIn(`event:in-was-person-${k}`, "format:was-person", ["RUS", "FRA"]));
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
