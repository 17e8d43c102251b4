/**
 * A readable name for an event that has no title. Importers add titles where their source has
 * one, but many datasets carry none (a trip table, a GDELT export): showing the bare id
 * ("event:hsg-3325") tells a reader nothing, so the page says what the record says instead:
 * "visit · Berlin · 2013-02-26".
 */
export interface TitledEvent {
  id: string;
  title?: string;
  kind?: string;
  date?: { value: string };
  location?: { name?: string; country?: string };
}

export const TITLE_SEPARATOR = " · ";

export function eventTitle(event: TitledEvent, countryName: (code: string) => string): string {
  const title = event.title?.trim();
  if (title) return title;
  const place = event.location?.name?.trim()
    ? event.location.name.trim()
    : event.location?.country
      ? countryName(event.location.country)
      : undefined;
  const parts = [event.kind, place, event.date?.value].filter(
    (part): part is string => typeof part === "string" && part !== "",
  );
  // Nothing but the id to go on: the id is still better than an empty link.
  return parts.length > 0 ? parts.join(TITLE_SEPARATOR) : event.id;
}
