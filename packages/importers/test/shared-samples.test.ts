/**
 * The importers on the full third-party samples in `<repo root>/../shared/data/third-party`
 * (present on the team's machines and in CI; the suite is skipped where it is absent, and the
 * fixture tests still run). Expected numbers come from each folder's SOURCE.md or from the shell
 * command in the comment, never from the importer's own output.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  gdeltHeader,
  hsgTravelsHeader,
  importGdelt,
  importHistoryAtState,
  importPlover,
  importUnGeneralDebate,
  ploverHeader,
  ungdcHeader,
} from "../src/index";
import { expectValid, filesIn, hasShared, runImport, shared } from "./helpers";

describe.skipIf(!hasShared)("the shared samples", () => {
  it("HistoryAtState travels: 4,271 trips of 55 travellers", async () => {
    const files = [
      ...filesIn(join(shared, "hsg-travels/president-travels"), ".xml"),
      ...filesIn(join(shared, "hsg-travels/secretary-travels"), ".xml"),
    ];
    const result = await runImport(importHistoryAtState(files));
    // SOURCE.md: 4,271 <trip> elements (cat */*.xml | grep -c "<trip "), 55 travellers (21 + 34 files)
    expect(result.run.summary).toMatchObject({ read: 4271, imported: 4271, skipped: {} });
    expect(result.ofType("event")).toHaveLength(4271);
    expect(result.ofType("person")).toHaveLength(55);
    // SOURCE.md: 2 pairs of exact duplicate trips; 54 empty <locale/>; 343 empty <last-modified-datetime/>
    expect(result.run.summary.warnings["duplicate-trip"]).toBe(2);
    expect(result.run.summary.notes["trips without a locale"]).toBe(54);
    expect(result.run.summary.notes["empty <last-modified-datetime/>"]).toBe(343);
    await expectValid(hsgTravelsHeader, result.records);
  }, 120_000);

  it("PLOVER: 11 CONSULT meetings of 323 records", async () => {
    const result = await runImport(
      importPlover([join(shared, "plover-gsr/PLOVER_GSR_CAMEO.json")]),
    );
    // SOURCE.md: 323 objects = 1 DOCUMENT + 322 events, of which CONSULT 11; the other types by count
    expect(result.run.summary).toMatchObject({
      read: 323,
      imported: 11,
      skipped: {
        "DOCUMENT header (kept as the source record's metadata)": 1,
        "event type AGREE is not CONSULT": 40,
        "event type DEMAND is not CONSULT": 34,
        "event type REJECT is not CONSULT": 34,
        "event type THREATEN is not CONSULT": 29,
        "event type PROTEST is not CONSULT": 27,
        "event type COERCE is not CONSULT": 18,
        "event type FIGHT is not CONSULT": 17,
        "event type DISAPPROVE is not CONSULT": 16,
        "event type ASSAULT is not CONSULT": 15,
        "event type RETREAT is not CONSULT": 14,
        "event type SANCTION is not CONSULT": 14,
        "event type SUPPORT is not CONSULT": 12,
        "event type CONCEDE is not CONSULT": 12,
        "event type AID is not CONSULT": 10,
        "event type INVESTIGATE is not CONSULT": 9,
        "event type MOBILIZE is not CONSULT": 6,
        "event type COOPERATE is not CONSULT": 4,
      },
    });
    // SOURCE.md: PLOVER-GSR01-COERCE-0004 is used by two records
    expect(result.run.summary.warnings["duplicate-source-id"]).toBe(1);
    await expectValid(ploverHeader, result.records);
  });

  it("GDELT: 460 consult events of 2,111 rows, with the mentions table", async () => {
    const result = await runImport(
      importGdelt([join(shared, "gdelt2-export-2019/20191024143000.export.CSV")], {
        mentions: [join(shared, "gdelt2-mentions-sample/mentionssamp.csv")],
      }),
    );
    // SOURCE.md: 2111 events; 460 CAMEO root 04: 040 104, 042 143, 043 129, 044 6, 045 18, 046 60
    expect(result.run.summary).toMatchObject({
      read: 2111,
      imported: 460,
      skipped: { "event code not in the consult family (CAMEO 04x)": 1651 },
    });
    const byCode: Record<string, number> = {};
    for (const event of result.ofType("event"))
      byCode[event.codes?.cameo ?? ""] = (byCode[event.codes?.cameo ?? ""] ?? 0) + 1;
    expect(byCode).toEqual({ "040": 104, "042": 143, "043": 129, "044": 6, "045": 18, "046": 60 });
    // awk -F'\t' '$29=="04"{print $61}' 20191024143000.export.CSV | sort -u | wc -l → 102, plus the export file
    expect(result.ofType("source")).toHaveLength(103);
    // awk -F'\t' '$29=="04" && $6=="" && $7==""' … | wc -l → 61; the same for Actor2 ($16, $17) → 56
    expect(result.run.summary.notes["consult events with Actor1 empty"]).toBe(61);
    expect(result.run.summary.notes["consult events with Actor2 empty"]).toBe(56);
    // mentions SOURCE.md: 1,635 rows; "the event ids do not join to the export files"
    expect(result.run.summary.notes).toMatchObject({
      "mentions read": 1635,
      "mentions joined to nothing imported": 1635,
    });
    await expectValid(gdeltHeader, result.records);
  }, 60_000);

  it("UN General Debate: 79 sessions, 10,944 speakers, 192 speeches of 2023", async () => {
    const result = await runImport(
      importUnGeneralDebate({
        speakers: join(shared, "ungdc-speakers/Speakers_by_session.csv"),
        speeches: filesIn(join(shared, "ungdc-speeches-2023"), ".txt"),
      }),
    );
    // SOURCE.md: 10,944 speaker rows, sessions 1–79; 192 speeches, all matching one speaker row
    expect(result.run.summary).toMatchObject({ read: 10944, imported: 10944, skipped: {} });
    expect(result.ofType("event")).toHaveLength(79);
    expect(
      result.ofType("event").reduce((n, event) => n + (event.participants?.length ?? 0), 0),
    ).toBe(10944);
    expect(result.run.summary.notes["speeches joined to a speaker row"]).toBe(192);
    expect(result.run.summary.warnings["speech-without-speaker"]).toBeUndefined();
    // SOURCE.md: 8 rows with an empty speaker name; 17 (session, code) pairs appear twice
    expect(result.run.summary.unresolved["speaker without a name"]).toBe(8);
    expect(result.run.summary.warnings["country-speaks-twice"]).toBe(17);
    await expectValid(ungdcHeader, result.records);
  }, 120_000);
});
