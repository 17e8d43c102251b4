import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
// The benchmark's generator: realistic records in the shapes of the seed, many of them.
import { generate } from "../../../../packages/validator/bench/generate.mjs";
import { ExplorerData } from "../../src/data";
import { DatasetService } from "../../src/service";
import { NEIGHBOURHOOD_NODES } from "../../src/service/network";
import { pageOf } from "../../src/service/paging";

const seed = new DatasetService(
  ExplorerData.fromText(
    readFileSync(new URL("../../../../examples/seed/seed.json", import.meta.url), "utf8"),
    "bundled seed",
  ),
);

const records = [...generate(6000, 0, 7)] as Record<string, unknown>[];
const generated = new DatasetService(
  ExplorerData.fromText(records.map((r) => JSON.stringify(r)).join("\n"), "generated"),
);
const events = records.filter((r) => r.type === "event") as {
  id: string;
  kind: string;
  date: { value: string };
  location: { country: string };
  participants: { represents?: { country?: string } }[];
}[];

describe("the overview's counts", () => {
  it("counts events by kind and country as a count over the records by hand does", () => {
    const overview = generated.overview();
    expect(overview.events).toBe(events.length);
    const kinds = new Map<string, number>();
    for (const e of events) kinds.set(e.kind, (kinds.get(e.kind) ?? 0) + 1);
    expect(Object.fromEntries(overview.byKind.map((c) => [c.key, c.count]))).toEqual(
      Object.fromEntries(kinds),
    );
    // An event counts once per country represented, however many participants represent it.
    const kaz = events.filter((e) =>
      e.participants.some((p) => p.represents?.country === "KAZ"),
    ).length;
    expect(overview.byRepresented.find((c) => c.key === "KAZ")?.count).toBe(kaz);
    expect(overview.byRepresented.find((c) => c.key === "KAZ")?.label).toBe("Kazakhstan");
  });

  it("puts every dated event in exactly one bucket of time, empty buckets included", () => {
    const { overTime } = generated.overview();
    // The generator dates events in 2020-2022: under four years, so by month, 36 of them.
    expect(overTime.unit).toBe("month");
    expect(overTime.buckets).toHaveLength(36);
    expect(overTime.buckets.reduce((sum, b) => sum + b.count, 0)).toBe(events.length);
  });

  it("counts the seed's quotes by speaker, unresolved speakers under one bar", () => {
    const overview = seed.overview();
    const total = overview.bySpeaker.reduce((sum, c) => sum + c.count, 0);
    expect(total).toBe(overview.quotes);
    expect(overview.bySpeaker[0]?.label).toBe("Sergey Lavrov");
  });
});

describe("the timeline at scale", () => {
  it("counts a large dataset by month (three years of them), and the buckets add up to every dated event", () => {
    const result = generated.timeline({ include: ["event"] });
    expect(result.view.mode).toBe("buckets");
    if (result.view.mode !== "buckets") return;
    expect(result.view.unit).toBe("month");
    expect(result.view.buckets).toHaveLength(36);
    expect(result.view.buckets[0]?.key).toBe("2020-01");
    expect(result.view.buckets.reduce((sum, b) => sum + b.count, 0)).toBe(events.length);
  });

  it("zooms from a year to its months, to days, to single events", () => {
    const year = generated.timeline({ include: ["event"], from: "2021" });
    expect(year.view.mode === "buckets" && year.view.unit).toBe("month");
    const inMay = events.filter((e) => e.date.value.startsWith("2021-05")).length;
    const month = generated.timeline({ include: ["event"], from: "2021-05" });
    expect(month.total).toBe(inMay);
    // A month of this dataset has fewer events than a page: drawn one by one.
    expect(month.view.mode).toBe("records");
    if (month.view.mode !== "records") return;
    expect(month.view.rows.items.every((row) => row.id.startsWith("event:"))).toBe(true);
    expect(month.trail.map((t) => t.label)).toEqual(["All dates", "2021", "2021-05"]);
  });

  it("draws the seed record by record, as before", () => {
    const result = seed.timeline({ include: ["event"] });
    expect(result.view.mode).toBe("records");
    expect(result.undated.total).toBe(1);
  });
});

describe("the bounded network", () => {
  it("shows a large network as one node's neighbourhood, never more than the bound", () => {
    const result = generated.network({ box: { width: 800, height: 500 } });
    expect(result.mode).toBe("neighbourhood");
    expect(result.nodes.length).toBeLessThanOrEqual(NEIGHBOURHOOD_NODES);
    expect(result.nodes.map((n) => n.id)).toContain(result.focus?.id);
    // Every link drawn joins two nodes drawn, and every node has a place in the box.
    const ids = new Set(result.nodes.map((n) => n.id));
    expect(result.edges.every((e) => ids.has(e.source) && ids.has(e.target))).toBe(true);
    expect(result.nodes.every((n) => n.x >= 0 && n.x <= 800 && n.y >= 0 && n.y <= 500)).toBe(true);
  });

  it("centres on the node asked for, and says when that node does not exist", () => {
    const kaz = generated.network({ focus: "country:KAZ", box: { width: 800, height: 500 } });
    expect(kaz.focus?.id).toBe("country:KAZ");
    expect(kaz.omitted).toBeGreaterThan(0);
    const stale = generated.network({ focus: "person:nobody", box: { width: 800, height: 500 } });
    expect(stale.missingFocus).toBe("person:nobody");
  });

  it("draws a small network whole", () => {
    const result = seed.network({ box: { width: 800, height: 500 } });
    expect(result.mode).toBe("whole");
    expect(result.nodes).toHaveLength(result.totalNodes);
  });
});

describe("pages and slices", () => {
  it("pages events in timeline order and clamps a page past the end", () => {
    const first = generated.eventsPage({}, 1);
    expect(first.total).toBe(events.length);
    expect(first.items).toHaveLength(100);
    const last = generated.eventsPage({}, 10_000);
    expect(last.page).toBe(last.pageCount);
    expect(pageOf([1, 2, 3], 0, 2)).toMatchObject({ items: [1, 2], page: 1, pageCount: 2 });
  });

  it("cuts an event's page with every record it names and its sources' chains", () => {
    const slice = seed.record("event:moscow-meeting");
    const ids = new Set(slice.records.map((r) => r.id));
    for (const id of ["person:sergey-lavrov", "org:cis", "org:sco", "format:central-asia-russia"])
      expect(ids).toContain(id);
    // The page renders the slice with the same code as a whole dataset: labels resolve.
    const data = ExplorerData.fromSlice(seed.data.info, slice.records, slice.countryNames);
    expect(data.label("person:sergey-lavrov")).toBe("Sergey Lavrov");
    // Country names come with the slice, worked out where the country table is loaded.
    expect(slice.countryNames.KAZ).toBe("Kazakhstan");
    expect(data.countryName("KAZ")).toBe("Kazakhstan");
  });
});
