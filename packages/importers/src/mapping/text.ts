/** Text helpers of the mapping steps: sentences, case, slugs. */

/** Abbreviations whose full stop does not end a sentence ("In U.S. November 29", "Mr. Smith"). */
const ABBREVIATIONS =
  /^(?:(?:[A-Za-z]\.)*[A-Za-z]|Mr|Mrs|Ms|Dr|St|Ste|Jr|Sr|Gen|Lt|Col|Capt|Adm|Gov|Sen|Rep|Hon|Rev|No|Mt|Ft|Ave|Messrs|Mme|Mlle|Prof|Sgt|Maj|approx|ca|cf|vs|etc|i\.e|e\.g)$/;

/** The first sentence of a text, without its closing full stop. */
export function firstSentence(text: string): string {
  const value = text.replace(/\s+/g, " ").trim();
  const end = /[.!?](?=\s|$)/g;
  for (let match = end.exec(value); match; match = end.exec(value)) {
    const before = value.slice(0, match.index);
    const word = /(\S+)$/.exec(before)?.[1] ?? "";
    if (match[0] === "." && ABBREVIATIONS.test(word)) continue;
    return before.trim();
  }
  return value.replace(/[.!?]$/, "").trim();
}

/** "Official Working Visit" → "Official working visit": first letter upper, the rest lower, acronyms (NATO, UN) kept. */
export function sentenceCase(text: string): string {
  const words = text.split(/(\s+)/);
  return words
    .map((word, index) => {
      if (/^[A-Z0-9.-]{2,}$/.test(word) && /[A-Z]/.test(word)) return word; // NATO, U.S., G-20
      const lower = word.toLowerCase();
      return index === 0 ? lower.charAt(0).toUpperCase() + lower.slice(1) : lower;
    })
    .join("");
}

export function titleCase(text: string): string {
  return text.replace(
    /\p{L}[\p{L}'’]*/gu,
    (word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase(),
  );
}

/** An id-friendly slug: letters and digits (diacritics removed), words joined by '-'. */
export function slug(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
