import type { ViewContext } from "../context";
import type { EventFilters } from "../data";
import { h, link } from "../dom";
import { eventRoute, searchRoute } from "../logic/routes";
import { badge, countryLabel, emptyNote } from "./common";

const FILTER_KEYS = ["text", "country", "person", "organization", "format", "from", "to"] as const;

export function filtersFromParams(params: URLSearchParams): EventFilters {
  const filters: EventFilters = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key)?.trim();
    if (value) filters[key] = value;
  }
  return filters;
}

/** Search and filters over events, driven by the dataset's query API; the URL keeps the state. */
export function eventsView({ data, route, navigate }: ViewContext): Node {
  const filters = filtersFromParams(route.params);
  const results = data.eventsWhere(filters);
  const countries = data.countries();
  const select = (
    name: keyof EventFilters,
    label: string,
    options: { value: string; label: string }[],
  ) =>
    h(
      "label",
      null,
      label,
      h(
        "select",
        { name },
        h("option", { value: "" }, "Any"),
        options.map((o) =>
          h("option", { value: o.value, selected: filters[name] === o.value }, o.label),
        ),
      ),
    );
  const form = h(
    "form",
    { class: "filters", role: "search", "aria-label": "Filter events" },
    h(
      "label",
      null,
      "Text",
      h("input", { type: "search", name: "text", value: filters.text ?? "" }),
    ),
    select(
      "country",
      "Country",
      countries.map((c) => ({ value: c, label: countryLabel(data, c) })),
    ),
    select(
      "person",
      "Person",
      data.ofType("person").map((p) => ({ value: p.id, label: data.label(p.id) })),
    ),
    select(
      "organization",
      "Organization",
      data.ofType("organization").map((o) => ({ value: o.id, label: data.label(o.id) })),
    ),
    select(
      "format",
      "Format",
      data.ofType("format").map((f) => ({ value: f.id, label: f.name })),
    ),
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
      `${results.length} ${results.length === 1 ? "event" : "events"}`,
    ),
    results.length === 0
      ? emptyNote("No event matches these filters.")
      : h(
          "ul",
          { class: "results", "aria-labelledby": "results-title" },
          results.map((event) =>
            h(
              "li",
              null,
              link(eventRoute(event.id), event.title ?? event.id),
              " ",
              badge(event.kind, "kind"),
              " ",
              h("span", { class: "when" }, event.date?.value ?? "undated"),
              event.location?.name
                ? h("span", { class: "where" }, ` · ${event.location.name}`)
                : null,
            ),
          ),
        ),
  );
}
