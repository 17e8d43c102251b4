import { readdirSync } from "node:fs";
import { ParleyRecord } from "@parley/schema";
import {
  formatSummary,
  type ImportRun,
  importGdelt,
  importHistoryAtState,
  importPlover,
  importUnGeneralDebate,
} from "../src/index.ts";

const T = "/work/shared/data/third-party";
const dir = (d: string, ext: string) =>
  readdirSync(d)
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => `${d}/${f}`);
async function go(run: ImportRun) {
  let n = 0,
    bad = 0;
  const ids = new Set<string>();
  let dup = 0;
  for await (const r of run) {
    n++;
    const p = ParleyRecord.safeParse(r);
    if (!p.success) {
      bad++;
      if (bad < 4) console.log(JSON.stringify(r).slice(0, 400), p.error.issues.slice(0, 3));
    }
    if (ids.has(r.id)) dup++;
    ids.add(r.id);
  }
  console.log(formatSummary(run.summary));
  console.log("records", n, "invalid", bad, "dup ids", dup);
  console.log(
    run.summary.examples
      .slice(0, 12)
      .map((e) => `${e.code}: ${e.message}`)
      .join("\n"),
  );
}
const which = process.argv[2];
if (which === "hsg")
  await go(
    importHistoryAtState([
      ...dir(`${T}/hsg-travels/president-travels`, ".xml"),
      ...dir(`${T}/hsg-travels/secretary-travels`, ".xml"),
    ]),
  );
if (which === "plover") await go(importPlover([`${T}/plover-gsr/PLOVER_GSR_CAMEO.json`]));
if (which === "gdelt")
  await go(
    importGdelt([`${T}/gdelt2-export-2019/20191024143000.export.CSV`], {
      mentions: [`${T}/gdelt2-mentions-sample/mentionssamp.csv`],
    }),
  );
if (which === "ungdc")
  await go(
    importUnGeneralDebate({
      speakers: `${T}/ungdc-speakers/Speakers_by_session.csv`,
      speeches: dir(`${T}/ungdc-speeches-2023`, ".txt"),
    }),
  );
