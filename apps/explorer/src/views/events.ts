import type { ViewContext } from "../context";
import type { EventFilters } from "../data";
import { h, link } from "../dom";
import { eventRoute, searchRoute } from "../logic/routes";
import { OPTIONS_SHOWN, type Option } from "../service";
import { badge, emptyNote, pager, withParams } from "./common";

const FILTER_KEYS = [
  "text",
  "kind",
  "country",
  "person",
  "organization",
  "format",
  "from",
  "to",
] as const;

export function filtersFromParams(params: URLSearchParams): EventFilters {
  const filters: EventFilters = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key)?.trim();
    if (value) filters[key] = value;
  }
  return filters;
}

/**
 * Search and filters over events, driven by the dataset's query API in the data worker; the
 * URL keeps the state, the page number too. Results come a page at a time.
 */
export async function eventsView({ client, route, navigate }: ViewContext): Promise<Node> {
  const filters = filtersFromParams(route.params);
  const [results, options] = await Promise.all([
    client.call("eventsPage", filters, Number(route.params.get("page") ?? 1)),
    client.call("filterOptions", filters),
  ]);
  const select = (name: keyof EventFilters, label: string, choices: Option[], note?: string) =>
    h(
      "label",
      { title: note ?? null },
      label,
      h(
        "select",
        { name },
        h("option", { value: "" }, "Any"),
        choices.map((o) =>
          h("option", { value: o.value, selected: filters[name] === o.value }, o.label),
        ),
      ),
    );
  const most = (total: number, noun: string) =>
    total > OPTIONS_SHOWN
      ? `The ${OPTIONS_SHOWN} ${noun} in most events of ${total.toLocaleString("en")}; search the others by name with Text.`
      : undefined;
  const form = h(
    "form",
    { class: "filters", role: "search", "aria-label": "Filter events" },
    h(
      "label",
      null,
      "Text",
      h("input", { type: "search", name: "text", value: filters.text ?? "" }),
    ),
    select("kind", "Kind", options.kinds),
    select("country", "Country", options.countries),
    select("person", "Person", options.persons, most(options.totals.persons, "persons")),
    select(
      "organization",
      "Organization",
      options.organizations,
      most(options.totals.organizations, "organizations"),
    ),
    select("format", "Format", options.formats, most(options.totals.formats, "formats")),
    h(
      "label",
      null,
      "From",
      h("input", {
        type: "text",
        name: "from",
        placeholder: "YYYY[-MM[-DD]]",
        value: filters.from ?? "",
        pattern: "\\d{4}(-\\d{2}(-\\d{2})?)?",
      }),
    ),
    h(
      "label",
      null,
      "To",
      h("input", {
        type: "text",
        name: "to",
        placeholder: "YYYY[-MM[-DD]]",
        value: filters.to ?? "",
        pattern: "\\d{4}(-\\d{2}(-\\d{2})?)?",
      }),
    ),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit" }, "Apply filters"),
      link("/events", "Clear"),
    ),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const values: Record<string, string> = {};
    for (const [key, value] of new FormData(form)) values[key] = String(value);
    navigate(searchRoute(values));
  });
  const total = results.total;
  return h(
    "section",
    { class: "view events-view" },
    h("h1", { id: "view-title", tabindex: "-1" }, "Events"),
    form,
    h(
      "h2",
      {
        id: "results-title",
        tabindex: "-1",
        "data-focus-start": Object.keys(filters).length > 0 ? "" : null,
      },
      `${total.toLocaleString("en")} ${total === 1 ? "event" : "events"}`,
    ),
    total === 0
      ? emptyNote("No event matches these filters.")
      : h(
          "ul",
          { class: "results", "aria-labelledby": "results-title" },
          results.items.map((event) =>
            h(
              "li",
              null,
              link(eventRoute(event.id), event.title),
              " ",
              badge(event.kind, "kind"),
              " ",
              h("span", { class: "when" }, event.date ?? "undated"),
              event.place ? h("span", { class: "where" }, ` · ${event.place}`) : null,
            ),
          ),
        ),
    pager(results, (page) => withParams("/events", route.params, { page }), "events"),
  );
}
