import type { ExplorerData } from "../data";
import { type Child, h, link } from "../dom";
import { recordRoute } from "../logic/routes";

export function heading(text: Child, level: "h1" | "h2" | "h3" = "h1"): HTMLElement {
  return h(level, { tabindex: level === "h1" ? "-1" : null }, text);
}

export function badge(text: string, kind = ""): HTMLElement {
  return h("span", { class: `badge ${kind}`.trim() }, text);
}

/** A link to a record's page; a missing record is shown as its id, marked as dangling. */
export function recordLink(data: ExplorerData, id: string): HTMLElement {
  const record = data.get(id);
  if (!record)
    return h("span", { class: "dangling", title: "No record with this id in the dataset" }, id);
  const route = record.type === "event" ? `/event/${encodeURIComponent(id)}` : recordRoute(id);
  return link(route, data.label(id));
}

export function definitionList(entries: [string, Child][]): HTMLElement {
  return h(
    "dl",
    { class: "facts" },
    entries
      .filter(
        ([, value]) => value !== undefined && value !== null && value !== false && value !== "",
      )
      .map(([term, value]) => [h("dt", null, term), h("dd", null, value)]),
  );
}

export interface DateLike {
  value: string;
  approximate?: boolean;
  uncertain?: boolean;
  inferred?: readonly string[];
  basis?: string;
}

/** A partial date with its certainty spelled out: precision, approximate, uncertain, inferred parts. */
export function dateWithCertainty(date: DateLike | undefined): HTMLElement | undefined {
  if (!date) return undefined;
  const precision = date.value.length === 4 ? "year" : date.value.length === 7 ? "month" : "day";
  const notes: string[] = [`${precision} precision`];
  if (date.approximate) notes.push("approximate");
  if (date.uncertain) notes.push("uncertain");
  if (date.inferred?.length) notes.push(`inferred: ${date.inferred.join(", ")}`);
  else notes.push("as printed");
  return h(
    "span",
    { class: "date" },
    h("time", { datetime: date.value }, date.value),
    " ",
    h("span", { class: "certainty" }, `(${notes.join("; ")})`),
    date.basis ? h("span", { class: "basis" }, ` ${date.basis}`) : null,
  );
}

export function countryLabel(data: ExplorerData, code: string): string {
  const name = data.countryName(code);
  return name === code ? code : `${name} (${code})`;
}

export function emptyNote(text: string): HTMLElement {
  return h("p", { class: "empty" }, text);
}

/** Previous / next links for a paged list; the page number lives in the route, so it can be shared. */
export function pager(
  page: { page: number; pageCount: number; total: number; pageSize: number },
  routeFor: (page: number) => string,
  noun: string,
): HTMLElement | null {
  if (page.pageCount <= 1) return null;
  const first = (page.page - 1) * page.pageSize + 1;
  const last = Math.min(page.total, page.page * page.pageSize);
  return h(
    "nav",
    { class: "pager", "aria-label": `Pages of ${noun}` },
    page.page > 1 ? link(routeFor(page.page - 1), "← Previous") : null,
    h(
      "span",
      { class: "page-of" },
      `${first.toLocaleString("en")}–${last.toLocaleString("en")} of ${page.total.toLocaleString("en")} ${noun} (page ${page.page} of ${page.pageCount})`,
    ),
    page.page < page.pageCount ? link(routeFor(page.page + 1), "Next →") : null,
  );
}

/** A route with some query parameters replaced (undefined removes one). */
export function withParams(
  path: string,
  params: URLSearchParams,
  changes: Record<string, string | number | undefined>,
): string {
  const next = new URLSearchParams(params);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || value === "") next.delete(key);
    else next.set(key, String(value));
  }
  const query = next.toString();
  return query ? `${path}?${query}` : path;
}
