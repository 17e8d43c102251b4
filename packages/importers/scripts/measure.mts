/**
 * Runs the four importers on the shared samples (<repo>/../shared/data/third-party), writes the
 * NDJSON outputs to a directory and prints each import summary: the numbers in README.md come
 * from this script. Usage: npx tsx scripts/measure.mts [out-dir]
 */
import { createWriteStream, existsSync, mkdirSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { DatasetHeader } from "@parley/schema";
import {
  formatSummary,
  gdeltHeader,
  hsgTravelsHeader,
  type ImportRun,
  importGdelt,
  importHistoryAtState,
  importPlover,
  importUnGeneralDebate,
  ploverHeader,
  ungdcHeader,
} from "../src/index";

const here = dirname(fileURLToPath(import.meta.url));
const shared = resolve(here, "../../../../shared/data/third-party");
if (!existsSync(shared)) throw new Error(`shared samples not found at ${shared}`);
const out = resolve(process.argv[2] ?? join(tmpdir(), "parley-import-measure"));
mkdirSync(out, { recursive: true });
const files = (dir: string, ext: string) =>
  readdirSync(join(shared, dir))
    .filter((name) => name.endsWith(ext))
    .sort()
    .map((name) => join(shared, dir, name));

async function write(name: string, header: DatasetHeader, run: ImportRun) {
  const stream = createWriteStream(join(out, `${name}.ndjson`));
  stream.write(`${JSON.stringify(header)}\n`);
  for await (const record of run) {
    if (!stream.write(`${JSON.stringify(record)}\n`))
      await new Promise((done) => stream.once("drain", done));
  }
  await new Promise((done) => stream.end(done));
  console.log(`${formatSummary(run.summary)}\n`);
}

await write(
  "hsg-travels",
  hsgTravelsHeader,
  importHistoryAtState([
    ...files("hsg-travels/president-travels", ".xml"),
    ...files("hsg-travels/secretary-travels", ".xml"),
  ]),
);
await write(
  "plover",
  ploverHeader,
  importPlover([join(shared, "plover-gsr/PLOVER_GSR_CAMEO.json")]),
);
await write(
  "gdelt",
  gdeltHeader,
  importGdelt([join(shared, "gdelt2-export-2019/20191024143000.export.CSV")], {
    mentions: [join(shared, "gdelt2-mentions-sample/mentionssamp.csv")],
  }),
);
await write(
  "ungdc",
  ungdcHeader,
  importUnGeneralDebate({
    speakers: join(shared, "ungdc-speakers/Speakers_by_session.csv"),
    speeches: files("ungdc-speeches-2023", ".txt"),
  }),
);
