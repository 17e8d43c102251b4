import type { ViewContext } from "../context";
import { h, link } from "../dom";
import { dayToIso, layoutTimeline } from "../logic/dates";
import { eventRoute, recordRoute } from "../logic/routes";
import { badge, emptyNote, heading } from "./common";

type Included = "event" | "quote" | "source";

const FIELD_LABEL: Record<string, string> = { saidOn: "said", published: "published" };

/** Events on one axis, each drawn as the span its partial date covers; quotes and sources on request. */
export function timelineView({ data, route, navigate }: ViewContext): Node {
  const extra = (route.params.get("include") ?? "")
    .split(",")
    .filter((t): t is Included => t === "quote" || t === "source");
  const include: Included[] = ["event", ...extra];
  const entries = data.timelineEntries(include);
  const byId = new Map(entries.map((e) => [e.record.id, e]));
  const layout = layoutTimeline(
    entries.map((e) => ({
      id: e.record.id,
      label: data.label(e.record.id),
      date: e.date,
      endDate: e.endDate,
    })),
  );
  const axis = layout.axis;
  const routeOf = (id: string) =>
    byId.get(id)?.record.type === "event" ? eventRoute(id) : recordRoute(id);

  const form = h(
    "form",
    { class: "timeline-options", "aria-label": "What the timeline shows" },
    h("span", null, "Also show: "),
    (["quote", "source"] as const).map((type) =>
      h(
        "label",
        null,
        h("input", { type: "checkbox", name: type, checked: extra.includes(type) }),
        type === "quote" ? " quotes (when said)" : " sources (when published)",
      ),
    ),
  );
  form.addEventListener("change", () => {
    const chosen = (["quote", "source"] as const).filter(
      (type) => (form.elements.namedItem(type) as HTMLInputElement).checked,
    );
    navigate(chosen.length ? `/timeline?include=${chosen.join(",")}` : "/timeline");
  });

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
      "Each bar covers the days a date may fall on: one day, or the whole month or year when the source gives no more.",
    ),
    form,
    axis
      ? h(
          "div",
          { class: "timeline", role: "list", "aria-label": "Dated records in order" },
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
            const entry = byId.get(row.id);
            const type = entry?.record.type ?? "event";
            const bar = h("span", {
              class: `bar type-${type} precision-${row.span.precision}`,
              "aria-hidden": "true",
            });
            bar.style.left = `${row.left}%`;
            bar.style.width = `${row.width}%`;
            const when =
              row.span.start === row.span.end
                ? dayToIso(row.span.start)
                : `${dayToIso(row.span.start)} – ${dayToIso(row.span.end)}`;
            const kind = entry?.record.type === "event" ? entry.record.kind : type;
            return h(
              "div",
              { class: `row type-${type}`, role: "listitem", "data-record-id": row.id },
              h("div", { class: "track" }, bar),
              h(
                "p",
                { class: "row-label" },
                link(routeOf(row.id), row.label),
                " ",
                h(
                  "span",
                  { class: "when" },
                  entry?.field && FIELD_LABEL[entry.field]
                    ? `${FIELD_LABEL[entry.field]} ${when}`
                    : when,
                ),
                " ",
                badge(kind, "kind"),
                row.span.precision !== "day"
                  ? [" ", badge(`${row.span.precision} precision`, "precision")]
                  : null,
              ),
            );
          }),
        )
      : emptyNote("Nothing in this dataset is dated."),
    layout.undated.length > 0
      ? h(
          "section",
          { class: "undated" },
          heading("Not dated", "h2"),
          h(
            "ul",
            null,
            layout.undated.map((item) => {
              const record = byId.get(item.id)?.record;
              return h(
                "li",
                null,
                link(routeOf(item.id), item.label),
                " ",
                badge(record?.type === "event" ? record.kind : (record?.type ?? ""), "kind"),
              );
            }),
          ),
        )
      : null,
  );
}
