import type { ChainLink, ExplorerData } from "../data";
import { externalLink, h } from "../dom";
import { badge, recordLink } from "./common";

export interface CitationLike {
  source: string;
  /** Since 1.2: the source the editor read, which relayed `source`. */
  via?: string;
  locator?: string;
  excerpt?: string;
  /** Since 1.2: the source's hedging words ("reportedly"). */
  hedge?: string;
  certainty: string;
}

/** One source with what we know about it: kind, publisher, date, URL. */
export function sourceSummary(data: ExplorerData, sourceId: string): HTMLElement {
  const source = data.get(sourceId);
  const parts: (Node | string)[] = [recordLink(data, sourceId)];
  if (source?.type === "source") {
    if (source.kind) parts.push(" ", badge(source.kind, "kind"));
    if (source.publisher) {
      parts.push(
        " published by ",
        "organization" in source.publisher
          ? recordLink(data, source.publisher.organization)
          : source.publisher.name,
      );
    }
    if (source.published)
      parts.push(" on ", h("time", { datetime: source.published.value }, source.published.value));
    if (source.url) parts.push(" ", externalLink(source.url, "link"));
  }
  return h("span", { class: "source" }, parts);
}

/** The chain of reporting behind a source, as nested lists ("cites", "corroborates" …). */
export function reportingChain(data: ExplorerData, links: ChainLink[]): HTMLElement | null {
  if (links.length === 0) return null;
  return h(
    "ul",
    { class: "chain" },
    links.map((link) =>
      h(
        "li",
        null,
        h("span", { class: "relation" }, link.relation),
        " ",
        sourceSummary(data, link.sourceId),
        reportingChain(data, link.chain),
      ),
    ),
  );
}

export function citationList(
  data: ExplorerData,
  citations: readonly CitationLike[] | undefined,
): HTMLElement | null {
  if (!citations || citations.length === 0) return null;
  return h(
    "ol",
    { class: "citations" },
    citations.map((citation) =>
      h(
        "li",
        { class: "citation" },
        h(
          "p",
          null,
          sourceSummary(data, citation.source),
          // How the claim travelled: the locator is in the relaying source when there is one.
          citation.via
            ? h("span", { class: "via" }, " via ", recordLink(data, citation.via))
            : null,
          citation.locator ? `, ${citation.locator}` : "",
          " ",
          badge(citation.certainty, `certainty-${citation.certainty}`),
          citation.hedge ? [" ", badge(`hedged: “${citation.hedge}”`, "hedge")] : null,
        ),
        citation.excerpt ? h("blockquote", { class: "excerpt" }, citation.excerpt) : null,
        reportingChainSection(data, citation.source),
      ),
    ),
  );
}

function reportingChainSection(data: ExplorerData, sourceId: string): HTMLElement | null {
  const chain = reportingChain(data, data.reportingChain(sourceId));
  if (!chain) return null;
  return h(
    "div",
    { class: "chain-wrap" },
    h("span", { class: "chain-label" }, "Reporting chain:"),
    chain,
  );
}
