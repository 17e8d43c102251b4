import type { Quote } from "@parley/sdk";
import type { ViewContext } from "../context";
import { h } from "../dom";
import { groupRenderings, segmentQuote } from "../logic/quotes";
import { citationList } from "./citations";
import { badge, countryLabel, dateWithCertainty, emptyNote, recordLink } from "./common";

/** Quote text with editorial insertions marked; the insertion note is announced to screen readers too. */
export function quoteText(quote: Quote): HTMLElement {
  const { segments, unmatched } = segmentQuote(quote.text, quote.insertions ?? []);
  return h(
    "blockquote",
    { class: `quote-text kind-${quote.kind}`, lang: quote.lang },
    h(
      "p",
      null,
      segments.map((segment) =>
        segment.insertion
          ? h(
              "ins",
              {
                class: "insertion",
                title: segment.replaces
                  ? `Editorial insertion, replaces “${segment.replaces}”`
                  : "Editorial insertion",
              },
              h("span", { class: "visually-hidden" }, "editorial insertion: "),
              segment.text,
            )
          : segment.text,
      ),
    ),
    unmatched.length
      ? h(
          "p",
          { class: "warning" },
          `Insertion not found in the text: ${unmatched.map((u) => u.text).join(", ")}`,
        )
      : null,
  );
}

function speakerOf(ctx: ViewContext, quote: Quote): Node {
  const speaker = quote.speaker;
  if ("person" in speaker) return recordLink(ctx.data, speaker.person);
  if ("organization" in speaker) return recordLink(ctx.data, speaker.organization);
  if ("post" in speaker) return recordLink(ctx.data, speaker.post);
  return h(
    "span",
    { class: "unresolved" },
    badge("unresolved", "unresolved"),
    " ",
    "name" in speaker.unresolved ? speaker.unresolved.name : speaker.unresolved.description,
  );
}

/** An actor of an `about` or `attributedTo` list: a record link, a country, or a description. */
export function actorLabel(ctx: ViewContext, actor: NonNullable<Quote["about"]>[number]): Node {
  if ("person" in actor) return recordLink(ctx.data, actor.person);
  if ("organization" in actor) return recordLink(ctx.data, actor.organization);
  if ("post" in actor) return recordLink(ctx.data, actor.post);
  if ("country" in actor)
    return h("span", { class: "country" }, countryLabel(ctx.data, actor.country));
  return h(
    "span",
    { class: "unresolved" },
    "name" in actor.unresolved ? actor.unresolved.name : actor.unresolved.description,
  );
}

export function quoteCard(ctx: ViewContext, quote: Quote, renderingOf?: string): HTMLElement {
  return h(
    "article",
    { class: "quote", "data-quote-id": quote.id },
    renderingOf && quote.rendering
      ? h(
          "p",
          { class: "rendering" },
          badge(quote.rendering.kind, "rendering"),
          ` of ${renderingOf}`,
        )
      : null,
    quoteText(quote),
    h(
      "p",
      { class: "quote-meta" },
      badge(quote.kind, `quote-kind kind-${quote.kind}`),
      " ",
      speakerOf(ctx, quote),
      quote.saidAt ? [" at ", recordLink(ctx.data, quote.saidAt)] : null,
      quote.saidOn ? [" on ", dateWithCertainty(quote.saidOn)] : null,
      quote.notBefore ? [" not before ", dateWithCertainty(quote.notBefore)] : null,
      quote.notAfter ? [" not after ", dateWithCertainty(quote.notAfter)] : null,
    ),
    // Since 1.2: whom the words are about (their targets), and an inferred original language.
    quote.about?.length
      ? h(
          "p",
          { class: "quote-about" },
          "About: ",
          quote.about.map((actor, i) => [i > 0 ? ", " : "", actorLabel(ctx, actor)]),
        )
      : null,
    quote.originalLang
      ? h(
          "p",
          { class: "quote-lang" },
          `Spoken in ${quote.originalLang}`,
          quote.originalLangBasis ? ` (inferred: ${quote.originalLangBasis})` : "",
        )
      : null,
    h(
      "details",
      { class: "sources" },
      h("summary", null, `Sources (${quote.citations?.length ?? 0})`),
      citationList(ctx.data, quote.citations) ?? emptyNote("No citations."),
    ),
  );
}

export function quotesView(ctx: ViewContext): Node {
  const speaker = ctx.route.params.get("speaker") ?? "";
  const quotes = speaker ? ctx.data.quotesBySpeaker(speaker) : ctx.data.quotes();
  const groups = groupRenderings(quotes);
  const speakers = ctx.data.speakers();
  const form = h(
    "form",
    { class: "filters", "aria-label": "Filter quotes" },
    h(
      "label",
      null,
      "Speaker",
      h(
        "select",
        { name: "speaker" },
        h("option", { value: "" }, "Anyone"),
        speakers.map((id) =>
          h("option", { value: id, selected: id === speaker }, ctx.data.label(id)),
        ),
      ),
    ),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Show")),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = String(new FormData(form).get("speaker") ?? "");
    ctx.navigate(value ? `/quotes?speaker=${encodeURIComponent(value)}` : "/quotes");
  });
  return h(
    "section",
    { class: "view quotes-view" },
    h("h1", { id: "view-title", tabindex: "-1" }, "Quotes"),
    h(
      "p",
      { class: "hint" },
      "Words in ",
      h("ins", { class: "insertion sample" }, "[brackets]"),
      " were inserted by an editor, not spoken. Other renderings of the same words (variants, paraphrases, translations) are grouped under the quote they render.",
    ),
    form,
    groups.length === 0
      ? emptyNote("No quotes.")
      : groups.map((group) =>
          h(
            "section",
            { class: "quote-group", "aria-label": `Quote ${group.root.id}` },
            quoteCard(ctx, group.root),
            group.renderings.length
              ? h(
                  "div",
                  { class: "renderings" },
                  h(
                    "h2",
                    { class: "renderings-title" },
                    `Other renderings (${group.renderings.length})`,
                  ),
                  group.renderings.map((q) =>
                    quoteCard(
                      ctx,
                      q,
                      q.rendering?.of === group.root.id
                        ? "the quote above"
                        : ctx.data.label(q.rendering?.of ?? ""),
                    ),
                  ),
                )
              : null,
          ),
        ),
  );
}
