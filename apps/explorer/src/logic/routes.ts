/**
 * Hash routes, so the built site works from any static host without server rewrites.
 * `#/event/event%3Amoscow-meeting` is the event page; `#/events?country=KAZ` the search view.
 */
export const VIEWS = [
  "overview",
  "timeline",
  "events",
  "event",
  "network",
  "quotes",
  "validate",
  "record",
] as const;
export type View = (typeof VIEWS)[number];

export interface Route {
  view: View;
  /** The record id for `event` and `record` routes. */
  id?: string;
  params: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#\/?/, "");
  const queryAt = raw.indexOf("?");
  const path = queryAt === -1 ? raw : raw.slice(0, queryAt);
  const params = new URLSearchParams(queryAt === -1 ? "" : raw.slice(queryAt + 1));
  const [head = "", ...rest] = path.split("/");
  const view = (VIEWS as readonly string[]).includes(head) ? (head as View) : "timeline";
  const id = rest.join("/");
  if ((view === "event" || view === "record") && id)
    return { view, id: decodeURIComponent(id), params };
  if (view === "event" || view === "record") return { view: "timeline", params };
  return { view, params };
}

export function eventRoute(id: string): string {
  return `/event/${encodeURIComponent(id)}`;
}

export function recordRoute(id: string): string {
  return `/record/${encodeURIComponent(id)}`;
}

export function searchRoute(filters: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  const query = params.toString();
  return query ? `/events?${query}` : "/events";
}
