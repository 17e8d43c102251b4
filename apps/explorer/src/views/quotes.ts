import type { Quote } from "@parley/sdk";
import type { ViewContext } from "../context";
import { ExplorerData } from "../data";
import { h, link } from "../dom";
import { segmentQuote } from "../logic/quotes";
import { eventRoute } from "../logic/routes";
import { OPTIONS_SHOWN } from "../service";
import { citationList } from "./citations";
import {
  badge,
  countryLabel,
  dateWithCertainty,
  emptyNote,
  pager,
  recordLink,
  withParams,
} from "./common";

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

function speakerOf(data: ExplorerData, quote: Quote): Node {
  const speaker = quote.speaker;
  if ("person" in speaker) return recordLink(data, speaker.person);
  if ("organization" in speaker) return recordLink(data, speaker.organization);
  if ("post" in speaker) return recordLink(data, speaker.post);
  return h(
    "span",
    { class: "unresolved" },
    badge("unresolved", "unresolved"),
    " ",
    "name" in speaker.unresolved ? speaker.unresolved.name : speaker.unresolved.description,
  );
}

/** An actor of an `about` or `attributedTo` list: a record link, a country, or a description. */
export function actorLabel(data: ExplorerData, actor: NonNullable<Quote["about"]>[number]): Node {
  if ("person" in actor) return recordLink(data, actor.person);
  if ("organization" in actor) return recordLink(data, actor.organization);
  if ("post" in actor) return recordLink(data, actor.post);
  if ("country" in actor) return h("span", { class: "country" }, countryLabel(data, actor.country));
  return h(
    "span",
    { class: "unresolved" },
    "name" in actor.unresolved ? actor.unresolved.name : actor.unresolved.description,
  );
}

export function quoteCard(data: ExplorerData, quote: Quote, renderingOf?: string): HTMLElement {
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
      speakerOf(data, quote),
      quote.saidAt ? [" at ", recordLink(data, quote.saidAt)] : null,
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
          quote.about.map((actor, i) => [i > 0 ? ", " : "", actorLabel(data, actor)]),
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
      citationList(data, quote.citations) ?? emptyNote("No citations."),
    ),
  );
}

/**
 * Quotes a page of groups at a time (a rendering stays with the quote it renders), by speaker
 * or by event; the data worker cuts each page with the records it names.
 */
export async function quotesView(ctx: ViewContext): Promise<Node> {
  const params = ctx.route.params;
  const speaker = params.get("speaker") ?? "";
  const event = params.get("event") ?? "";
  const result = await ctx.client.call(
    "quotesPage",
    { speaker, event },
    Number(params.get("page") ?? 1),
  );
  const data = ExplorerData.fromSlice(ctx.summary.info, result.records, result.countryNames);
  const quote = (id: string) => data.dataset.getAs("quote", id);
  const form = h(
    "form",
    { class: "filters", "aria-label": "Filter quotes" },
    h(
      "label",
      {
        title:
          result.speakersTotal > OPTIONS_SHOWN
            ? `The ${OPTIONS_SHOWN} speakers quoted most of ${result.speakersTotal.toLocaleString("en")}`
            : null,
      },
      "Speaker",
      h(
        "select",
        { name: "speaker" },
        h("option", { value: "" }, "Anyone"),
        result.speakers.map((s) =>
          h("option", { value: s.value, selected: s.value === speaker }, s.label),
        ),
      ),
    ),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Show")),
  );
  form.addEventListener("submit", (submitted) => {
    submitted.preventDefault();
    const value = String(new FormData(form).get("speaker") ?? "");
    ctx.navigate(value ? `/quotes?speaker=${encodeURIComponent(value)}` : "/quotes");
  });
  const groups = result.groups;
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
    event
      ? h(
          "p",
          { class: "hint" },
          "Said at ",
          link(eventRoute(event), result.eventLabel ?? event),
          " · ",
          link("/quotes", "all quotes"),
        )
      : null,
    groups.total === 0
      ? emptyNote("No quotes.")
      : groups.items.map((group) => {
          const root = quote(group.root);
          if (!root) return null;
          const renderings = group.renderings.map(quote).filter((q): q is Quote => q !== undefined);
          return h(
            "section",
            { class: "quote-group", "aria-label": `Quote ${root.id}` },
            quoteCard(data, root),
            renderings.length
              ? h(
                  "div",
                  { class: "renderings" },
                  h("h2", { class: "renderings-title" }, `Other renderings (${renderings.length})`),
                  renderings.map((q) =>
                    quoteCard(
                      data,
                      q,
                      q.rendering?.of === root.id
                        ? "the quote above"
                        : data.label(q.rendering?.of ?? ""),
                    ),
                  ),
                )
              : null,
          );
        }),
    pager(groups, (page) => withParams("/quotes", params, { page }), "quotes"),
  );
}
