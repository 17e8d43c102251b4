/**
 * Titles and names fused in one string, as lists of visits and delegations print them:
 * "President-elect Fernando Collor de Mello", "President Andrzej Duda and Prime Minister Donald
 * Tusk", "Premier and Prince Sihanouk". These are the project's own job (no library knows
 * diplomatic titles), so the table is here, and a mapping can add to it.
 */

/** Titles of heads of state and government and other visitors, as sources print them. */
export const PERSON_TITLES: readonly string[] = [
  "President",
  "Vice President",
  "Prime Minister",
  "Prime Minster", // sic: the Office of the Historian's data prints it so; kept as printed
  "Deputy Prime Minister",
  "Premier",
  "Vice Premier",
  "Chancellor",
  "Federal Chancellor",
  "King",
  "Queen",
  "Crown Prince",
  "Crown Princess",
  "Prince",
  "Princess",
  "Grand Duke",
  "Grand Duchess",
  "Emperor",
  "Empress",
  "Sultan",
  "Sheikh",
  "Amir",
  "Emir",
  "Shah",
  "Taoiseach",
  "Pope",
  "Regent",
  "Prince Regent",
  "Governor General",
  "Governor-General",
  "General Secretary",
  "Secretary General",
  "Secretary-General",
  "Chairman",
  "Chairwoman",
  "Chair",
  "Head of State",
  "Head of Government",
  "Chief Executive",
  "Foreign Minister",
  "Minister",
  "Secretary of State",
  "Secretary",
  "Marshal",
  "Field Marshal",
  "Generalissimo",
  "General",
  "Admiral",
  "Archbishop",
  "Cardinal",
  "Duke",
  "Duchess",
];

/** Words that qualify a title: "Acting President", "Interim President", "President-elect". */
const TITLE_PREFIXES = ["Acting", "Interim", "Provisional", "Former", "Transitional"];
const TITLE_SUFFIXES = ["-elect", "-designate", " elect", " designate"];

export interface TitledName {
  /** The title as printed ("President-elect"), absent when the string starts with none. */
  title?: string;
  /** The name as printed, without the title. Absent when the string is only a title. */
  name?: string;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function titlePattern(extra: readonly string[]): RegExp {
  const titles = [...new Set([...PERSON_TITLES, ...extra])].sort((a, b) => b.length - a.length);
  const prefix = `(?:(?:${TITLE_PREFIXES.join("|")})\\s+)?`;
  const suffix = `(?:${TITLE_SUFFIXES.map(escapeRegExp).join("|")})?`;
  // A title is followed by a space or the end; "Kingsley" is no King.
  return new RegExp(`^${prefix}(?:${titles.map(escapeRegExp).join("|")})${suffix}(?=\\s|$)`, "i");
}

const patterns = new Map<string, RegExp>();
function patternFor(extra: readonly string[]): RegExp {
  const key = extra.join("\u0000");
  let pattern = patterns.get(key);
  if (!pattern) {
    pattern = titlePattern(extra);
    patterns.set(key, pattern);
  }
  return pattern;
}

/** "President-elect Fernando Collor de Mello" → { title: "President-elect", name: "Fernando Collor de Mello" }. */
export function splitTitleName(text: string, extraTitles: readonly string[] = []): TitledName {
  const value = text.replace(/\s+/g, " ").trim();
  if (!value) return {};
  const match = patternFor(extraTitles).exec(value);
  if (!match) return { name: value };
  const title = match[0];
  const name = value.slice(title.length).trim();
  return name ? { title, name } : { title };
}

/**
 * Splits "President X and Prime Minister Y" into two titled names. It splits at " and " (or
 * "&", or a comma) only where a title follows, so a name with "and" in it stays whole; a part
 * that is only a title ("Premier and Prince Sihanouk") joins the next part as one person with
 * both titles.
 */
export function splitPersons(text: string, extraTitles: readonly string[] = []): TitledName[] {
  const value = text.replace(/\s+/g, " ").trim();
  if (!value) return [];
  const pattern = patternFor(extraTitles);
  const parts: string[] = [];
  let rest = value;
  // Find separators followed by a title, left to right.
  const separator = /\s*(?:,\s*and\s+|\s+and\s+|\s*&\s*|,\s*)/g;
  let start = 0;
  for (let match = separator.exec(value); match; match = separator.exec(value)) {
    const after = value.slice(match.index + match[0].length);
    if (pattern.test(after)) {
      parts.push(value.slice(start, match.index));
      start = match.index + match[0].length;
    }
  }
  rest = value.slice(start);
  parts.push(rest);
  const people: TitledName[] = [];
  let pendingTitles: string[] = [];
  for (const part of parts) {
    const person = splitTitleName(part, extraTitles);
    if (person.name === undefined && person.title !== undefined) {
      pendingTitles.push(person.title);
      continue;
    }
    if (pendingTitles.length > 0) {
      const title = [...pendingTitles, ...(person.title ? [person.title] : [])].join(" and ");
      people.push({ title, ...(person.name ? { name: person.name } : {}) });
      pendingTitles = [];
    } else {
      people.push(person);
    }
  }
  if (pendingTitles.length > 0) people.push({ title: pendingTitles.join(" and ") });
  return people;
}
