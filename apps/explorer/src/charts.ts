import type { Count } from "./service/overview";

/**
 * The overview's charts, drawn by Observable Plot (loaded on first use, so other views do not
 * download it). Plot builds SVG with text nodes only; labels from the dataset stay text. Each
 * chart gets its data as small aggregated tables from the data worker.
 */
type PlotModule = typeof import("@observablehq/plot");
let plot: Promise<PlotModule> | undefined;
const loadPlot = () => {
  plot ??= import("@observablehq/plot");
  return plot;
};

const BAR_COLOR = "#1d4ed8";

/** Horizontal bars, largest first; each bar links where `href` says (a filtered list). */
export async function barChart(
  counts: readonly Count[],
  options: { width: number; href?: (count: Count) => string | undefined; label: string },
): Promise<Element> {
  const Plot = await loadPlot();
  const longest = Math.max(0, ...counts.map((c) => c.label.length));
  const marginLeft = Math.min(Math.max(60, longest * 6.5 + 12), options.width * 0.45);
  return Plot.plot({
    width: options.width,
    height: Math.max(60, counts.length * 22 + 40),
    marginLeft,
    marginRight: 48,
    x: { label: options.label, grid: true },
    y: { label: null, domain: counts.map((c) => c.label) },
    marks: [
      Plot.barX(counts, {
        x: "count",
        y: "label",
        fill: BAR_COLOR,
        ...(options.href ? { href: (c: Count) => options.href?.(c) ?? null } : {}),
        title: (c: Count) => `${c.label}: ${c.count.toLocaleString("en")}`,
      }),
      Plot.text(counts, {
        x: "count",
        y: "label",
        text: (c: Count) => c.count.toLocaleString("en"),
        textAnchor: "start",
        dx: 4,
      }),
      Plot.ruleX([0]),
    ],
  });
}

/** Counts over time: one bar per year or month (all of them, empty ones too). */
export async function timeChart(
  buckets: readonly Count[],
  options: { width: number; unit: "year" | "month"; href?: (count: Count) => string },
): Promise<Element> {
  const Plot = await loadPlot();
  const startOf = (key: string) =>
    new Date(`${key}${options.unit === "year" ? "-01-01" : "-01"}T00:00:00Z`);
  const endOf = (key: string) => {
    const start = startOf(key);
    return options.unit === "year"
      ? new Date(Date.UTC(start.getUTCFullYear() + 1, 0, 1))
      : new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
  };
  return Plot.plot({
    width: options.width,
    height: 220,
    marginLeft: 48,
    x: { type: "utc", label: null },
    y: { label: "events", grid: true },
    marks: [
      Plot.rectY(buckets, {
        x1: (c: Count) => startOf(c.key),
        x2: (c: Count) => endOf(c.key),
        y: "count",
        fill: BAR_COLOR,
        inset: 0.5,
        ...(options.href ? { href: (c: Count) => options.href?.(c) ?? null } : {}),
        title: (c: Count) => `${c.label}: ${c.count.toLocaleString("en")} events`,
      }),
      Plot.ruleY([0]),
    ],
  });
}
