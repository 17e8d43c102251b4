import type { ViewContext } from "../context";
import { ExplorerData } from "../data";
import { h, link } from "../dom";
import { searchRoute } from "../logic/routes";
import { citationList, reportingChain } from "./citations";
import { badge, emptyNote, recordLink } from "./common";

const EVENTS_OF: Record<string, "person" | "organization" | "format"> = {
  person: "person",
  organization: "organization",
  format: "format",
};

/** Any record: what it is, the records that point at it, its sources, and its JSON as text. */
export async function recordView({ client, summary, route }: ViewContext): Promise<Node> {
  const id = route.id ?? "";
  const slice = await client.call("record", id);
  const data = ExplorerData.fromSlice(summary.info, slice.records, slice.countryNames);
  const record = data.get(id);
  if (!record) {
    return h(
      "section",
      { class: "view" },
      h("h1", { id: "view-title", tabindex: "-1" }, "No such record"),
      emptyNote(`The dataset has no record with id ${id}.`),
    );
  }
  const referrers = slice.referrers;
  const filter = EVENTS_OF[record.type];
  return h(
    "article",
    { class: "view record-view", "data-record-id": id },
    h("h1", { id: "view-title", tabindex: "-1" }, data.label(id)),
    h("p", { class: "record-id" }, badge(record.type, "kind"), " ", h("code", null, id)),
    record.type === "source"
      ? [
          h("h2", null, "Reporting chain"),
          reportingChain(data, data.reportingChain(id)) ??
            emptyNote("This source reports no earlier source."),
        ]
      : null,
    h("h2", null, `Referenced by (${slice.referrersTotal.toLocaleString("en")})`),
    referrers.length
      ? h(
          "ul",
          null,
          referrers.map((r) => h("li", null, recordLink(data, r))),
        )
      : emptyNote("No record refers to this one."),
    slice.referrersTotal > referrers.length
      ? h(
          "p",
          { class: "hint" },
          `The first ${referrers.length} are listed.`,
          filter
            ? [" ", link(searchRoute({ [filter]: id }), "List its events"), " page by page."]
            : null,
        )
      : null,
    h("h2", null, "Citations"),
    citationList(data, record.citations) ?? emptyNote("No citations."),
    h("h2", null, "Record"),
    h("pre", { class: "json", tabindex: "0" }, JSON.stringify(record, null, 2)),
  );
}
