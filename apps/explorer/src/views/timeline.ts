import type { ViewContext } from "../context";
import { h, link } from "../dom";
import { dayToIso } from "../logic/dates";
import { eventRoute, recordRoute } from "../logic/routes";
import type { Included, TimelineItem, TimelineResult, Unit } from "../service/timeline";
import { badge, emptyNote, heading, pager, withParams } from "./common";

const FIELD_LABEL: Record<string, string> = { saidOn: "said", published: "published" };
const UNIT_NOUN: Record<Unit, string> = { year: "year", month: "month", day: "day" };
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const routeOf = (item: TimelineItem) =>
  item.type === "event" ? eventRoute(item.id) : recordRoute(item.id);

function bucketLabel(key: string, unit: Unit): string {
  if (unit === "year") return key;
  const month = MONTHS[Number(key.slice(5, 7)) - 1] ?? key.slice(5, 7);
  return unit === "month"
    ? `${month} ${key.slice(0, 4)}`
    : `${Number(key.slice(8, 10))} ${month} ${key.slice(0, 4)}`;
}

function plural(n: number, noun: string): string {
  return `${n.toLocaleString("en")} ${noun}${n === 1 ? "" : "s"}`;
}

/** Counts by year, month or day; each bucket a link that zooms into it. */
function bucketsView(
  view: Extract<TimelineResult["view"], { mode: "buckets" }>,
  params: URLSearchParams,
  noun: string,
): HTMLElement {
  const max = Math.max(1, ...view.buckets.map((b) => b.count));
  return h(
    "div",
    { class: "timeline-buckets" },
    h(
      "p",
      { class: "hint" },
      `Too many to draw one by one: counted by ${UNIT_NOUN[view.unit]}. Select a ${UNIT_NOUN[view.unit]} to zoom in, down to single records.`,
    ),
    h(
      "ol",
      {
        class: "buckets",
        "aria-label": `${noun} by ${UNIT_NOUN[view.unit]}`,
        "data-unit": view.unit,
      },
      view.buckets.map((bucket) => {
        const bar = h("span", { class: "bucket-bar", "aria-hidden": "true" });
        bar.style.width = `${(bucket.count / max) * 100}%`;
        const label = bucketLabel(bucket.key, view.unit);
        const count = plural(bucket.count, noun);
        return h(
          "li",
          { class: "bucket", "data-key": bucket.key },
          bucket.count > 0
            ? link(
                withParams("/timeline", params, {
                  from: bucket.key,
                  to: undefined,
                  page: undefined,
                  precision: undefined,
                }),
                h("span", { class: "bucket-key" }, label),
              )
            : h("span", { class: "bucket-key" }, label),
          h("span", { class: "bucket-track" }, bar),
          h("span", { class: "bucket-count" }, count),
        );
      }),
    ),
    view.coarser.map((c) =>
      h(
        "p",
        { class: "coarser" },
        link(
          withParams("/timeline", params, { precision: c.precision, page: undefined }),
          `${plural(c.count, noun)} dated only to the ${c.precision}`,
        ),
        ` in this range (not counted in any ${UNIT_NOUN[view.unit]} above).`,
      ),
    ),
  );
}

/** Single records, each a bar over the days its partial date covers. */
function recordsView(
  view: Extract<TimelineResult["view"], { mode: "records" }>,
  params: URLSearchParams,
): HTMLElement {
  return h(
    "div",
    null,
    h(
      "p",
      { class: "hint" },
      "Each bar covers the days a date may fall on: one day, or the whole month or year when the source gives no more.",
    ),
    h(
      "div",
      { class: "timeline", role: "list", "aria-label": "Dated records in order" },
      view.axis
        ? h(
            "div",
            { class: "axis", "aria-hidden": "true" },
            view.axis.ticks.map((tick) => {
              const el = h("span", { class: "tick" }, tick.label);
              el.style.left = `${tick.at}%`;
              return el;
            }),
          )
        : null,
      view.rows.items.map((row) => {
        const bar = h("span", {
          class: `bar type-${row.type} precision-${row.span.precision}`,
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
          { class: `row type-${row.type}`, role: "listitem", "data-record-id": row.id },
          h("div", { class: "track" }, bar),
          h(
            "p",
            { class: "row-label" },
            link(routeOf(row), row.label),
            " ",
            h(
              "span",
              { class: "when" },
              row.field && FIELD_LABEL[row.field] ? `${FIELD_LABEL[row.field]} ${when}` : when,
            ),
            " ",
            badge(row.kind, "kind"),
            row.span.precision !== "day"
              ? [" ", badge(`${row.span.precision} precision`, "precision")]
              : null,
          ),
        );
      }),
    ),
    pager(view.rows, (page) => withParams("/timeline", params, { page }), "records"),
  );
}

/**
 * The timeline at any size: few records are drawn one by one on an axis; many are counted by
 * year, month or day, and zooming into a bucket leads down to single records. Quotes and
 * sources join on request.
 */
export async function timelineView({
  client,
  summary,
  route,
  navigate,
}: ViewContext): Promise<Node> {
  const params = route.params;
  const extra = (params.get("include") ?? "")
    .split(",")
    .filter((t): t is Included => t === "quote" || t === "source");
  const include: Included[] = ["event", ...extra];
  const precision = params.get("precision");
  const result = await client.call("timeline", {
    include,
    ...(params.get("from") ? { from: params.get("from") as string } : {}),
    ...(params.get("to") ? { to: params.get("to") as string } : {}),
    ...(precision === "year" || precision === "month" || precision === "day" ? { precision } : {}),
    page: Number(params.get("page") ?? 1),
    undatedPage: Number(params.get("undated") ?? 1),
  });
  const noun = extra.length ? "record" : "event";

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
    navigate(withParams("/timeline", params, { include: chosen.join(","), page: undefined }));
  });

  const trail =
    result.trail.length > 1 || precision
      ? h(
          "nav",
          { class: "trail", "aria-label": "Zoom" },
          h(
            "ol",
            null,
            result.trail.map((step, index) =>
              h(
                "li",
                null,
                index === result.trail.length - 1 && !precision
                  ? h("span", { "aria-current": "page" }, step.label)
                  : link(
                      withParams("/timeline", params, {
                        from: step.from,
                        to: undefined,
                        page: undefined,
                        precision: undefined,
                      }),
                      step.label,
                    ),
              ),
            ),
            precision
              ? h(
                  "li",
                  null,
                  h("span", { "aria-current": "page" }, `dated only to the ${precision}`),
                )
              : null,
          ),
        )
      : null;

  const view = result.view;
  return h(
    "section",
    { class: "view timeline-view", "aria-labelledby": "view-title" },
    h("h1", { id: "view-title", tabindex: "-1" }, "Timeline"),
    h(
      "p",
      { class: "lede" },
      h("strong", null, summary.info.title),
      summary.info.description ? ` — ${summary.info.description}` : "",
    ),
    form,
    trail,
    h(
      "p",
      { class: "timeline-total", "data-testid": "timeline-total" },
      `${plural(result.total, `dated ${noun}`)}${result.range ? ` from ${result.range.from}${result.range.to !== result.range.from ? ` to ${result.range.to}` : ""}` : ""}`,
    ),
    result.total === 0
      ? emptyNote(
          result.range ? "Nothing dated in this range." : "Nothing in this dataset is dated.",
        )
      : view.mode === "buckets"
        ? bucketsView(view, params, noun)
        : recordsView(view, params),
    result.undated.total > 0
      ? h(
          "section",
          { class: "undated" },
          heading(`Not dated (${result.undated.total.toLocaleString("en")})`, "h2"),
          h(
            "ul",
            null,
            result.undated.items.map((item) =>
              h("li", null, link(routeOf(item), item.label), " ", badge(item.kind, "kind")),
            ),
          ),
          pager(
            result.undated,
            (page) => withParams("/timeline", params, { undated: page }),
            "undated records",
          ),
        )
      : null,
  );
}
