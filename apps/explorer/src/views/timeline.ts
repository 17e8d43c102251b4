import type { ViewContext } from "../context";
import { h, link } from "../dom";
import { dayToIso, layoutTimeline } from "../logic/dates";
import { eventRoute } from "../logic/routes";
import { badge, emptyNote, heading } from "./common";

export function timelineView({ data }: ViewContext): Node {
  const events = data.timeline();
  const layout = layoutTimeline(
    events.map((e) => ({ id: e.id, label: e.title ?? e.id, date: e.date, endDate: e.endDate })),
  );
  const byId = new Map(events.map((e) => [e.id, e]));
  const axis = layout.axis;
  return h(
    "section",
    { class: "view timeline-view", "aria-labelledby": "view-title" },
    h("h1", { id: "view-title", tabindex: "-1" }, "Timeline"),
    h(
      "p",
      { class: "lede" },
      h("strong", null, data.info.title),
      data.info.description ? ` — ${data.info.description}` : "",
    ),
    h(
      "p",
      { class: "hint" },
      "Each bar covers the dates an event may fall on: a day, or the whole month or year when the source gives no more.",
    ),
    axis
      ? h(
          "div",
          { class: "timeline", role: "list", "aria-label": "Dated events in order" },
          h(
            "div",
            { class: "axis", "aria-hidden": "true" },
            axis.ticks.map((tick) => {
              const el = h("span", { class: "tick" }, tick.label);
              el.style.left = `${tick.at}%`;
              return el;
            }),
          ),
          layout.rows.map((row) => {
            const event = byId.get(row.id);
            const bar = h("span", {
              class: `bar precision-${row.span.precision}`,
              "aria-hidden": "true",
            });
            bar.style.left = `${row.left}%`;
            bar.style.width = `${row.width}%`;
            const when =
              row.span.start === row.span.end
                ? dayToIso(row.span.start)
                : `${dayToIso(row.span.start)} – ${dayToIso(row.span.end)}`;
            return h(
              "div",
              { class: "row", role: "listitem", "data-event-id": row.id },
              h("div", { class: "track" }, bar),
              h(
                "p",
                { class: "row-label" },
                link(eventRoute(row.id), row.label),
                " ",
                h("span", { class: "when" }, when),
                " ",
                event ? badge(event.kind, "kind") : null,
                row.span.precision !== "day"
                  ? badge(`${row.span.precision} precision`, "precision")
                  : null,
              ),
            );
          }),
        )
      : emptyNote("No dated events in this dataset."),
    layout.undated.length > 0
      ? h(
          "section",
          { class: "undated" },
          heading("Undated events", "h2"),
          h(
            "ul",
            null,
            layout.undated.map((item) => {
              const event = byId.get(item.id);
              return h(
                "li",
                null,
                link(eventRoute(item.id), item.label),
                " ",
                event ? badge(event.kind, "kind") : null,
              );
            }),
          ),
        )
      : null,
  );
}
