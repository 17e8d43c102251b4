/**
 * A synthetic dataset whose errors CROSS the parts a distributed validation cuts it into: the
 * bench generator's records (with a share of ordinary mistakes), plus, spread over the whole
 * file so that any cut into 2-20 parts separates them,
 *
 * - ids used again far from their first use (twice and three times, another type);
 * - references to later records of the wrong type (forward) and to earlier ones (backward);
 * - more than 16 references to one missing id (one process itemises 16 and counts the rest),
 *   and a near miss of an existing id (a "did you mean" while the dataset is small);
 * - events citing a source published before them, the source early (checked at once) and late
 *   (the check waits; one process checks the first 16 that wait);
 * - events held in a format their participants' countries are not members of, the format
 *   early and late.
 *
 *   node bench/cross-part.mjs <out.ndjson> [records=200000] [seed=7]
 */
import { createWriteStream } from "node:fs";
import { generate } from "./generate.mjs";

/** The records, header first. */
export function* crossPartDataset(total, seed = 7) {
  let index = -1;
  let early = false;
  const every = Math.max(1, Math.floor(total / 25));
  for (const record of generate(total, 0.02, seed)) {
    index++;
    if (record.type === "dataset") {
      yield record;
      continue;
    }
    const k = index % every;
    if (record.type === "person" && k === 1) {
      // Forward and wrong type: an event, far later in the file.
      record.positions[0].organization = `event:${7 + (index % 50)}`;
    }
    if (record.type === "event") {
      if (k === 2 && record.participants?.[0]) record.participants[0].person = "org:3"; // backward, wrong type
      if (k === 3 && record.participants?.[0]) record.participants[0].person = "person:missing"; // never defined
      if (k === 4 && record.participants?.[0]) record.participants[0].person = "person:1x"; // near miss
      if (k === 5) record.citations = [{ source: "source:early-2019", certainty: "reported" }];
      if (k === 6) record.citations = [{ source: "source:late-2019", certainty: "reported" }];
      if (k === 7 && record.participants?.[0]) {
        record.formats = [{ format: "format:late", link: "held-in" }];
        record.participants[0].represents = { country: "BRA" };
      }
      if (k === 8 && record.participants?.[1]) {
        record.formats = [
          { format: "format:0", link: "held-in" },
          { format: "format:late", link: "held-in" },
        ];
        record.participants[1].represents = { country: "ZAF" };
      }
      if (k === 9) record.id = "event:dupe"; // several times, across the file
    }
    if (record.type === "quote" && k === 10) record.id = "source:5"; // a source's id, again
    if (record.type === "source" && !early) {
      early = true;
      yield {
        type: "source",
        id: "source:early-2019",
        kind: "article",
        title: "An early source",
        published: { value: "2019-03-01" },
      };
    }
    yield record;
  }
  // After everything: definitions the earlier references waited for.
  yield {
    type: "source",
    id: "source:late-2019",
    kind: "article",
    title: "A late source",
    published: { value: "2019-06-01" },
  };
  yield {
    type: "format",
    id: "format:late",
    name: "A late format",
    kind: "named-format",
    members: [{ country: "RUS" }, { country: "KAZ" }, { country: "CHN" }],
  };
  yield {
    type: "person",
    id: "org:1",
    names: [{ value: "Not an organization", lang: "en" }],
  };
}
if (import.meta.url === `file://${process.argv[1]}`) {
  const [out, n = "200000", seed = "7"] = process.argv.slice(2);
  if (!out) {
    console.error("usage: node bench/cross-part.mjs <out.ndjson> [records] [seed]");
    process.exit(2);
  }
  const stream = createWriteStream(out);
  for (const record of crossPartDataset(Number(n), Number(seed))) {
    if (!stream.write(`${JSON.stringify(record)}\n`))
      await new Promise((r) => stream.once("drain", r));
  }
  stream.end();
}
