/**
 * Quote text with its editorial insertions located, so the view can mark them. Insertions are
 * located by their text and occurrence (the standard's rule, see @parley/schema's
 * EditorialInsertion), never by offsets.
 */
export interface QuoteSegment {
  text: string;
  insertion: boolean;
  /** For an insertion: the speaker's words it stands for, when the data gives them. */
  replaces?: string;
}

export interface InsertionLike {
  text: string;
  occurrence?: number;
  replaces?: string;
}

export interface SegmentResult {
  segments: QuoteSegment[];
  /** Insertions whose text does not occur in the quote (shown to the user, never dropped). */
  unmatched: InsertionLike[];
}

function nthIndexOf(haystack: string, needle: string, n: number): number {
  let from = 0;
  for (let seen = 1; ; seen++) {
    const at = haystack.indexOf(needle, from);
    if (at === -1 || seen === n) return at;
    from = at + needle.length;
  }
}

export function segmentQuote(
  text: string,
  insertions: readonly InsertionLike[] = [],
): SegmentResult {
  const ranges: { start: number; end: number; insertion: InsertionLike }[] = [];
  const unmatched: InsertionLike[] = [];
  for (const insertion of insertions) {
    const start = insertion.text ? nthIndexOf(text, insertion.text, insertion.occurrence ?? 1) : -1;
    const end = start + insertion.text.length;
    if (start === -1 || ranges.some((r) => start < r.end && end > r.start))
      unmatched.push(insertion);
    else ranges.push({ start, end, insertion });
  }
  ranges.sort((a, b) => a.start - b.start);
  const segments: QuoteSegment[] = [];
  let cursor = 0;
  for (const range of ranges) {
    if (range.start > cursor)
      segments.push({ text: text.slice(cursor, range.start), insertion: false });
    const segment: QuoteSegment = { text: text.slice(range.start, range.end), insertion: true };
    if (range.insertion.replaces !== undefined) segment.replaces = range.insertion.replaces;
    segments.push(segment);
    cursor = range.end;
  }
  if (cursor < text.length) segments.push({ text: text.slice(cursor), insertion: false });
  return { segments, unmatched };
}

export interface QuoteLike {
  id: string;
  rendering?: { of: string; kind: string };
}

export interface QuoteGroup<Q extends QuoteLike> {
  /** The quote the others render (the words as first reported). */
  root: Q;
  renderings: Q[];
}

/**
 * Groups variant, paraphrase and translation renderings under the quote they render, following
 * chains (a paraphrase of a variant joins the variant's group). A rendering of a quote that is
 * not in the dataset, or a cycle, starts its own group rather than disappearing.
 */
export function groupRenderings<Q extends QuoteLike>(quotes: readonly Q[]): QuoteGroup<Q>[] {
  const byId = new Map(quotes.map((q) => [q.id, q]));
  const rootOf = (quote: Q): Q => {
    const seen = new Set<string>([quote.id]);
    let current = quote;
    while (current.rendering) {
      const next = byId.get(current.rendering.of);
      if (!next) break;
      // A cycle has no first wording: each quote in it stays in a group of its own.
      if (seen.has(next.id)) return quote;
      seen.add(next.id);
      current = next;
    }
    return current;
  };
  const groups = new Map<string, QuoteGroup<Q>>();
  for (const quote of quotes) {
    const root = rootOf(quote);
    let group = groups.get(root.id);
    if (!group) {
      group = { root, renderings: [] };
      groups.set(root.id, group);
    }
    if (quote !== root) group.renderings.push(quote);
  }
  return [...groups.values()];
}
