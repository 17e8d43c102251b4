import { describe, expect, it } from "vitest";
import { dayToIso, eventSpan, layoutTimeline, spanOf } from "../../src/logic/dates";

describe("spanOf", () => {
  it("draws a month-precision date as the whole month, a day as one day", () => {
    const month = spanOf("2022-11");
    const day = spanOf("2022-11-17");
    expect(month && [dayToIso(month.start), dayToIso(month.end), month.precision]).toEqual([
      "2022-11-01",
      "2022-11-30",
      "month",
    ]);
    expect(day && [dayToIso(day.start), dayToIso(day.end), day.precision]).toEqual([
      "2022-11-17",
      "2022-11-17",
      "day",
    ]);
  });

  it("knows leap years and year spans", () => {
    const feb = spanOf("2024-02");
    expect(feb && dayToIso(feb.end)).toBe("2024-02-29");
    const year = spanOf("2022");
    expect(year && [dayToIso(year.start), dayToIso(year.end)]).toEqual([
      "2022-01-01",
      "2022-12-31",
    ]);
  });

  it("returns undefined for text that is not a partial date", () => {
    expect(spanOf("November 17")).toBeUndefined();
  });

  it("extends an event to its end date and ignores an end before the start", () => {
    const span = eventSpan({ value: "2022-11-17" }, { value: "2022-11-19" });
    expect(span && [dayToIso(span.start), dayToIso(span.end)]).toEqual([
      "2022-11-17",
      "2022-11-19",
    ]);
    const backwards = eventSpan({ value: "2022-11-17" }, { value: "2022-11-01" });
    expect(backwards && dayToIso(backwards.end)).toBe("2022-11-17");
  });
});

describe("layoutTimeline", () => {
  const items = [
    { id: "event:moscow-meeting", label: "Moscow", date: { value: "2022-11-17" } },
    { id: "event:astana-summit-2022", label: "Astana", date: { value: "2022-10-14" } },
    { id: "event:zarubin-interview", label: "Interview" },
    { id: "event:month", label: "Sometime in November", date: { value: "2022-11" } },
  ];

  it("orders dated events and lists undated ones apart rather than dropping them", () => {
    const layout = layoutTimeline(items);
    expect(layout.rows.map((r) => r.id)).toEqual([
      "event:astana-summit-2022",
      "event:month",
      "event:moscow-meeting",
    ]);
    expect(layout.undated.map((u) => u.id)).toEqual(["event:zarubin-interview"]);
  });

  it("gives the month-precision event a bar about thirty times as wide as a day, containing the day", () => {
    const layout = layoutTimeline(items, 0);
    const month = layout.rows.find((r) => r.id === "event:month");
    const day = layout.rows.find((r) => r.id === "event:moscow-meeting");
    if (!month || !day) throw new Error("rows missing");
    expect(month.width / day.width).toBeCloseTo(30, 5);
    expect(day.left).toBeGreaterThanOrEqual(month.left);
    expect(day.left + day.width).toBeLessThanOrEqual(month.left + month.width + 1e-9);
  });

  it("keeps every bar inside the axis and labels month ticks", () => {
    const layout = layoutTimeline(items);
    for (const row of layout.rows) {
      expect(row.left).toBeGreaterThanOrEqual(0);
      expect(row.left + row.width).toBeLessThanOrEqual(100);
    }
    // The axis runs from a few days before 2022-10-14 to a few days after 2022-11-30.
    expect(layout.axis?.ticks.map((t) => t.label)).toEqual(["2022-11", "2022-12"]);
  });

  it("uses year ticks on a long axis", () => {
    const layout = layoutTimeline([
      { id: "a", label: "a", date: { value: "1991-12-08" } },
      { id: "b", label: "b", date: { value: "2022-11-17" } },
    ]);
    const labels = layout.axis?.ticks.map((t) => t.label) ?? [];
    expect(labels.length).toBeGreaterThan(2);
    expect(labels.length).toBeLessThan(20);
    expect(labels.every((l) => /^\d{4}$/.test(l))).toBe(true);
  });

  it("has no axis when nothing is dated", () => {
    expect(layoutTimeline([{ id: "x", label: "x" }])).toEqual({
      rows: [],
      undated: [{ id: "x", label: "x" }],
    });
  });
});
