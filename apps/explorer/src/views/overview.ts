import { barChart, timeChart } from "../charts";
import { nextTask, type ViewContext } from "../context";
import { h, link } from "../dom";
import { searchRoute } from "../logic/routes";
import type { Count, Overview } from "../service/overview";
import { emptyNote } from "./common";

/**
 * What a dataset contains, before reading it: records by type, events over time, by kind and by
 * country, quotes by speaker. The counting happens in the data worker; the page only draws.
 * Every chart is also given as a table (for screen readers, and to copy figures from).
 */
function table(counts: readonly Count[], heading: string): HTMLElement {
  return h(
    "details",
    { class: "chart-table" },
    h("summary", null, "As a table"),
    h(
      "table",
      null,
      h(
        "thead",
        null,
        h("tr", null, h("th", { scope: "col" }, heading), h("th", { scope: "col" }, "Count")),
      ),
      h(
        "tbody",
        null,
        counts.map((c) =>
          h(
            "tr",
            null,
            h("td", null, c.label),
            h("td", { class: "number" }, c.count.toLocaleString("en")),
          ),
        ),
      ),
    ),
  );
}

function chartSection(
  id: string,
  title: string,
  note: string | null,
  counts: readonly Count[],
  heading: string,
): { section: HTMLElement; slot: HTMLElement } {
  const slot = h("div", { class: "chart", "data-chart": id });
  const section = h(
    "section",
    { class: "overview-chart", "aria-labelledby": `chart-${id}` },
    h("h2", { id: `chart-${id}` }, title),
    note ? h("p", { class: "hint" }, note) : null,
    counts.length ? slot : emptyNote("Nothing to count."),
    counts.length ? table(counts, heading) : null,
  );
  return { section, slot };
}

const more = (omitted: number, noun: string) =>
  omitted > 0 ? `The ${omitted.toLocaleString("en")} other ${noun} are not drawn.` : null;

export async function overviewView(ctx: ViewContext): Promise<Node> {
  const overview: Overview = await ctx.client.call("overview");
  const { info } = ctx.summary;
  const width = Math.max(
    280,
    Math.min(900, (document.getElementById("main")?.clientWidth ?? 900) - 32),
  );
  const time = chartSection(
    "time",
    `Events over time (by ${overview.overTime.unit})`,
    [
      overview.events > overview.datedEvents
        ? `${(overview.events - overview.datedEvents).toLocaleString("en")} of ${overview.events.toLocaleString("en")} events are not dated and not drawn.`
        : null,
      overview.overTime.coarser > 0
        ? `${overview.overTime.coarser.toLocaleString("en")} events dated only to the year are not drawn by month.`
        : null,
      "Select a bar to open that period in the timeline.",
    ]
      .filter(Boolean)
      .join(" "),
    overview.overTime.buckets,
    overview.overTime.unit,
  );
  const kinds = chartSection(
    "kind",
    "Events by kind",
    "Select a bar to list those events.",
    overview.byKind,
    "Kind",
  );
  const place = chartSection(
    "place",
    "Events by country where held",
    more(overview.omitted.byPlace, "countries"),
    overview.byPlace,
    "Country",
  );
  const represented = chartSection(
    "represented",
    "Events by country represented",
    [more(overview.omitted.byRepresented, "countries"), "Select a bar to list those events."]
      .filter(Boolean)
      .join(" "),
    overview.byRepresented,
    "Country",
  );
  const speakers = chartSection(
    "speaker",
    `Quotes by speaker (${overview.quotes.toLocaleString("en")} quotes)`,
    [more(overview.omitted.bySpeaker, "speakers"), "Select a bar to read that speaker's quotes."]
      .filter(Boolean)
      .join(" "),
    overview.bySpeaker,
    "Speaker",
  );
  const isRecord = (c: Count) => !c.key.startsWith(" ");
  // One chart per task: the page can paint and take input between them.
  ctx.drawing(
    (async () => {
      const draws: [HTMLElement, () => Promise<Element>][] = [
        [
          time.slot,
          () =>
            timeChart(overview.overTime.buckets, {
              width,
              unit: overview.overTime.unit,
              href: (c) => `#/timeline?from=${encodeURIComponent(c.key)}`,
            }),
        ],
        [
          kinds.slot,
          () =>
            barChart(overview.byKind, {
              width,
              label: "events",
              href: (c) => `#${searchRoute({ kind: c.key })}`,
            }),
        ],
        [place.slot, () => barChart(overview.byPlace, { width, label: "events" })],
        [
          represented.slot,
          () =>
            barChart(overview.byRepresented, {
              width,
              label: "events",
              href: (c) => `#${searchRoute({ country: c.key })}`,
            }),
        ],
        [
          speakers.slot,
          () =>
            barChart(overview.bySpeaker, {
              width,
              label: "quotes",
              href: (c) =>
                isRecord(c) ? `#/quotes?speaker=${encodeURIComponent(c.key)}` : undefined,
            }),
        ],
      ];
      for (const [slot, draw] of draws) {
        await nextTask();
        // The reader may have moved on: a slot no longer in the page is not drawn.
        if (!slot.isConnected) continue;
        slot.replaceChildren(await draw());
      }
    })(),
  );
  return h(
    "section",
    { class: "view overview-view", "aria-labelledby": "view-title" },
    h("h1", { id: "view-title", tabindex: "-1" }, "Overview"),
    h(
      "p",
      { class: "lede" },
      h("strong", null, info.title),
      info.description ? ` — ${info.description}` : "",
    ),
    h(
      "ul",
      { class: "record-counts", "aria-label": "Records by type" },
      overview.records.map((r) =>
        h(
          "li",
          null,
          h("span", { class: "count" }, r.count.toLocaleString("en")),
          ` ${r.type}${r.count === 1 ? "" : "s"}`,
        ),
      ),
      ctx.summary.problems.count
        ? h(
            "li",
            { class: "warning" },
            `${ctx.summary.problems.count.toLocaleString("en")} not loaded (`,
            link("/validate", "validate"),
            ")",
          )
        : null,
    ),
    h(
      "div",
      { class: "overview-charts" },
      time.section,
      kinds.section,
      represented.section,
      place.section,
      speakers.section,
    ),
  );
}
