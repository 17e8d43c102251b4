import type { Event } from "@parley/sdk";
import type { ViewContext } from "../context";
import { ExplorerData } from "../data";
import { h, link } from "../dom";
import { eventRoute, searchRoute } from "../logic/routes";
import { citationList } from "./citations";
import {
  badge,
  countryLabel,
  dateWithCertainty,
  definitionList,
  emptyNote,
  recordLink,
} from "./common";
import { actorLabel, quoteCard } from "./quotes";

type Participant = NonNullable<Event["participants"]>[number];

function participantCell(data: ExplorerData, participant: Participant): Node {
  if ("person" in participant) return recordLink(data, participant.person);
  if ("organization" in participant) return recordLink(data, participant.organization);
  const { unresolved } = participant;
  return h(
    "span",
    { class: "unresolved" },
    badge("unresolved", "unresolved"),
    " ",
    "name" in unresolved ? unresolved.name : "",
    "name" in unresolved && unresolved.description ? " — " : "",
    unresolved.description ?? "",
  );
}

function representsCell(data: ExplorerData, participant: Participant): Node | string {
  const represents = participant.represents;
  if (!represents) return "—";
  const parts: (Node | string)[] = [];
  if ("country" in represents && represents.country) {
    parts.push(
      link(searchRoute({ country: represents.country }), countryLabel(data, represents.country)),
    );
  }
  if ("organization" in represents && represents.organization) {
    if (parts.length) parts.push(", ");
    parts.push(recordLink(data, represents.organization));
  }
  return h("span", null, parts);
}

export async function eventView(ctx: ViewContext): Promise<Node> {
  const id = ctx.route.id ?? "";
  // The event with everything its page names, cut from the dataset by the data worker.
  const slice = await ctx.client.call("record", id);
  const data = ExplorerData.fromSlice(ctx.summary.info, slice.records, slice.countryNames);
  const record = data.get(id);
  if (record?.type !== "event") {
    return h(
      "section",
      { class: "view" },
      h("h1", { id: "view-title", tabindex: "-1" }, "No such event"),
      emptyNote(`The dataset has no event with id ${id}.`),
    );
  }
  const event = record;
  const participants = event.participants ?? [];
  const quotes = data.quotesByEvent(event.id);
  const incoming = data
    .timeline()
    .filter((other) => (other.relations ?? []).some((r) => r.event === event.id));
  const location = event.location
    ? [
        event.location.name,
        event.location.country ? countryLabel(data, event.location.country) : undefined,
      ]
        .filter(Boolean)
        .join(", ")
    : undefined;
  return h(
    "article",
    { class: "view event-view", "data-record-id": event.id },
    h("h1", { id: "view-title", tabindex: "-1" }, data.eventTitle(event)),
    h("p", { class: "record-id" }, h("code", null, event.id)),
    definitionList([
      ["Kind", badge(event.kind, "kind")],
      ["Mode", event.mode ?? "not reported"],
      [
        "Date",
        dateWithCertainty(event.date) ??
          (event.notBefore || event.notAfter ? "bounded only (below)" : "not dated by any source"),
      ],
      ["End date", dateWithCertainty(event.endDate)],
      // Standard 1.1: the sources bound the date without giving it.
      ["Not before", dateWithCertainty(event.notBefore)],
      ["Not after", dateWithCertainty(event.notAfter)],
      ["Place", location],
      ["Ordinal", event.ordinal !== undefined ? String(event.ordinal) : undefined],
    ]),
    h("h2", { id: "participants-title" }, `Participants (${participants.length})`),
    participants.length
      ? h(
          "div",
          {
            class: "table-wrap",
            tabindex: "0",
            role: "region",
            "aria-labelledby": "participants-title",
          },
          h(
            "table",
            { class: "participants" },
            h(
              "thead",
              null,
              h(
                "tr",
                null,
                h("th", { scope: "col" }, "Participant"),
                h("th", { scope: "col" }, "Role"),
                h("th", { scope: "col" }, "Side"),
                h("th", { scope: "col" }, "Represents"),
              ),
            ),
            h(
              "tbody",
              null,
              participants.map((p) =>
                h(
                  "tr",
                  { "data-participant": "unresolved" in p ? "unresolved" : "resolved" },
                  h(
                    "td",
                    null,
                    participantCell(data, p),
                    p.citations?.length
                      ? h(
                          "details",
                          { class: "sources" },
                          h("summary", null, `Sources (${p.citations.length})`),
                          citationList(data, p.citations),
                        )
                      : null,
                  ),
                  h("td", null, p.role ?? "—"),
                  h("td", null, p.side ?? "—"),
                  h("td", null, representsCell(data, p)),
                ),
              ),
            ),
          ),
        )
      : emptyNote("No participants recorded."),
    h("h2", null, "Formats"),
    event.formats?.length
      ? h(
          "ul",
          { class: "formats" },
          event.formats.map((f) =>
            h(
              "li",
              null,
              recordLink(data, f.format),
              " ",
              badge(f.link, "link"),
              " ",
              link(searchRoute({ format: f.format }), "events in this format"),
            ),
          ),
        )
      : emptyNote("None recorded."),
    h("h2", null, "Organizations"),
    event.organizations?.length
      ? h(
          "ul",
          { class: "organizations" },
          event.organizations.map((o) =>
            h(
              "li",
              { "data-organization": o },
              recordLink(data, o),
              " ",
              link(searchRoute({ organization: o }), "events"),
            ),
          ),
        )
      : emptyNote("None recorded."),
    h("h2", null, "Topics"),
    event.topics?.length || event.tags?.length
      ? h(
          "ul",
          { class: "chips" },
          (event.topics ?? []).map((t) => h("li", null, badge(t, "topic"))),
          (event.tags ?? []).map((t) => h("li", null, badge(t, "tag"))),
        )
      : emptyNote("None recorded."),
    event.outcomes?.length
      ? [
          h("h2", null, "Outcomes"),
          h(
            "ul",
            { class: "outcomes" },
            event.outcomes.map((o) =>
              h(
                "li",
                null,
                badge(o.kind, "kind"),
                " ",
                o.text,
                o.attributedTo?.length
                  ? h(
                      "span",
                      { class: "attributed" },
                      " (attributed to ",
                      o.attributedTo.map((actor, i) => [
                        i > 0 ? ", " : "",
                        actorLabel(data, actor),
                      ]),
                      ")",
                    )
                  : null,
                // Since 1.2: whom the outcome is about.
                o.about?.length
                  ? h(
                      "span",
                      { class: "outcome-about" },
                      " about ",
                      o.about.map((actor, i) => [i > 0 ? ", " : "", actorLabel(data, actor)]),
                    )
                  : null,
                citationList(data, o.citations),
              ),
            ),
          ),
        ]
      : null,
    h("h2", null, "Related events"),
    event.relations?.length || incoming.length
      ? h(
          "ul",
          { class: "relations" },
          (event.relations ?? []).map((r) =>
            h(
              "li",
              null,
              h("span", { class: "relation" }, r.relation),
              " ",
              recordLink(data, r.event),
            ),
          ),
          incoming.flatMap((other) =>
            (other.relations ?? [])
              .filter((r) => r.event === event.id)
              .map((r) =>
                h(
                  "li",
                  null,
                  link(eventRoute(other.id), data.eventTitle(other)),
                  " ",
                  h("span", { class: "relation" }, r.relation),
                  " this event",
                ),
              ),
          ),
        )
      : emptyNote("None recorded."),
    quotes.length
      ? [
          h("h2", null, `Quotes (${slice.quotesTotal.toLocaleString("en")})`),
          slice.quotesTotal > quotes.length
            ? h(
                "p",
                { class: "hint" },
                `The first ${quotes.length} are shown; `,
                link(`/quotes?event=${encodeURIComponent(event.id)}`, "read them all"),
                ".",
              )
            : null,
          h(
            "div",
            { class: "quotes" },
            quotes.map((q) => quoteCard(data, q)),
          ),
        ]
      : null,
    h("h2", null, "Citations"),
    citationList(data, event.citations) ?? emptyNote("No citations."),
  );
}
