import { titleCase } from "./mapping/text";

/**
 * Human titles for imported events ("Secretary Seward visits the Danish West Indies"), so a
 * list of events reads as a list of events and not of ids. Built only from what the source
 * says; a part it does not give is left out of the title rather than guessed.
 */

const NAME_SUFFIXES = /^(?:Jr\.?|Sr\.?|II|III|IV|V)$/;

/** "William Henry Seward" → "Seward"; "Joseph R. Biden Jr." → "Biden". */
export function surname(name: string): string {
  const words = name.trim().split(/\s+/);
  while (words.length > 1 && NAME_SUFFIXES.test(words[words.length - 1] ?? "")) words.pop();
  return (words[words.length - 1] ?? name).replace(/,$/, "");
}

/** "A", "A and B", "A, B and C". */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** GDELT and CAMEO print names in capitals ("UNITED STATES"); a title reads them in title case. */
export function displayName(name: string): string {
  return name === name.toUpperCase() ? titleCase(name) : name;
}

/** What happened, by CAMEO code of the consult family (040–046), as a verb phrase. */
const CAMEO_VERBS: Record<string, string> = {
  "040": "consults with",
  "041": "talks by telephone with",
  "042": "visits",
  "043": "hosts",
  "044": "meets",
  "045": "mediates with",
  "046": "negotiates with",
};

/** The event as a noun, by CAMEO code, for a title that lacks one of the actors. */
const CAMEO_NOUNS: Record<string, string> = {
  "040": "Consultation",
  "041": "Telephone call",
  "042": "Visit",
  "043": "Visit",
  "044": "Meeting",
  "045": "Mediation",
  "046": "Negotiation",
};

/**
 * "Russia visits China" from GDELT's actors and CAMEO code; with one actor "Visit involving
 * Russia"; with none, the noun and the place ("Meeting in Kuala Lumpur, Malaysia").
 */
export function cameoTitle(
  code: string,
  actor1: string | undefined,
  actor2: string | undefined,
  place?: string,
): string | undefined {
  const verb = CAMEO_VERBS[code];
  const noun = CAMEO_NOUNS[code];
  if (!verb || !noun) return undefined;
  if (actor1 && actor2) return `${displayName(actor1)} ${verb} ${displayName(actor2)}`;
  const actor = actor1 || actor2;
  if (actor) return `${noun} involving ${displayName(actor)}`;
  return place ? `${noun} in ${place}` : noun;
}
