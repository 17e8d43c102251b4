import type { Count, DatasetStats, Ranked } from "@parley/sdk";

/**
 * `parley stats` as sections of small tables, rendered either for a terminal (aligned
 * columns) or as Markdown. One model, two renderers: both always show the same figures.
 * Long lists (countries, years of a century of travels) show their first rows and say how
 * many more there are; `--format json` has every row.
 */
export interface Section {
  title: string;
  columns: string[];
  rows: string[][];
  /** Rows left out of a long list. */
  more?: number;
}

const LIST_LIMIT = 20;

function percent(part: number, whole: number): string {
  if (whole === 0) return "–";
  const share = (100 * part) / whole;
  if (share > 0 && share < 0.05) return "<0.1 %";
  return `${share < 10 && share > 0 ? share.toFixed(1) : Math.round(share)} %`;
}

/** A table row of a count and its share of a whole: label, count, percentage. */
function shareRow(label: string, count: number, whole: number): string[] {
  return [label, String(count), percent(count, whole)];
}

function counts(title: string, what: string, list: Count[], whole: number): Section {
  const shown = list.slice(0, LIST_LIMIT);
  return {
    title,
    columns: [what, "events", "share"],
    rows: shown.map(({ key, count }) => shareRow(key, count, whole)),
    ...(list.length > shown.length ? { more: list.length - shown.length } : {}),
  };
}

function ranked(title: string, what: string, list: Ranked[]): Section {
  return {
    title,
    columns: ["#", "name", "id", what],
    rows: list.map((entry, index) => [
      String(index + 1),
      entry.name ?? "",
      entry.id,
      String(entry.count),
    ]),
  };
}

/** A century of years reads better by decade ('1900s'); undated stays last. */
function byDecade(years: Count[]): Count[] {
  const decades = new Map<string, number>();
  for (const { key, count } of years) {
    const decade = /^\d{4}$/.test(key) ? `${key.slice(0, 3)}0s` : key;
    decades.set(decade, (decades.get(decade) ?? 0) + count);
  }
  return [...decades].map(([key, count]) => ({ key, count }));
}

export function statsSections(stats: DatasetStats): Section[] {
  const { records, events, participants, top, quotes, sources } = stats;
  const dates = events.dates;
  const sections: Section[] = [
    {
      title: "Records",
      columns: ["type", "records", "share"],
      rows: [
        ...Object.entries(records.byType).map(([type, count]) =>
          shareRow(type, count, records.total),
        ),
        ...(records.unknownType > 0
          ? [shareRow("(not a record type)", records.unknownType, records.total)]
          : []),
        ["total", String(records.total), ""],
      ],
    },
  ];
  if (events.total > 0) {
    sections.push(
      counts("Events by kind", "kind", events.byKind, events.total),
      counts("Events by mode", "mode", events.byMode, events.total),
      events.byYear.length > LIST_LIMIT
        ? counts("Events by decade", "decade", byDecade(events.byYear), events.total)
        : counts("Events by year", "year", events.byYear, events.total),
      counts(
        "Events by participating country (represented by a participant)",
        "country",
        events.byCountry,
        events.total,
      ),
      counts("Events by location country", "country", events.byLocationCountry, events.total),
      {
        title: "Event dates",
        columns: ["", "events", "share"],
        rows: [
          shareRow("dated", dates.dated, events.total),
          shareRow("  to the day", dates.byPrecision.day, dates.dated),
          shareRow("  to the month", dates.byPrecision.month, dates.dated),
          shareRow("  to the year", dates.byPrecision.year, dates.dated),
          shareRow("  with inferred parts", dates.inferred, dates.dated),
          shareRow("  approximate", dates.approximate, dates.dated),
          shareRow("  uncertain", dates.uncertain, dates.dated),
          shareRow("  with an end date", dates.withEndDate, dates.dated),
          shareRow("undated", dates.undated, events.total),
        ],
      },
      {
        title: "Participants",
        columns: ["", "participants", "share"],
        rows: [
          shareRow("persons", participants.persons, participants.total),
          shareRow("organizations", participants.organizations, participants.total),
          shareRow(
            "unresolved (a name or description only)",
            participants.unresolved,
            participants.total,
          ),
          ["total", String(participants.total), ""],
          shareRow(
            "events with an unresolved participant",
            participants.eventsWithUnresolved,
            events.total,
          ),
        ],
      },
    );
    if (top.persons.length > 0) sections.push(ranked("Top persons", "events", top.persons));
    if (top.organizations.length > 0)
      sections.push(
        ranked("Top organizations (taking part or represented)", "events", top.organizations),
      );
    if (top.formats.length > 0) sections.push(ranked("Top formats", "events", top.formats));
  }
  if (quotes.total > 0) {
    sections.push({
      title: "Quotes",
      columns: ["", "quotes", "share"],
      rows: [
        shareRow("said at an event in the dataset", quotes.withEvent, quotes.total),
        shareRow(
          "with a person or organization as speaker",
          quotes.withResolvedSpeaker,
          quotes.total,
        ),
        ["total", String(quotes.total), ""],
      ],
    });
    if (quotes.topSpeakers.length > 0)
      sections.push(ranked("Top speakers", "quotes", quotes.topSpeakers));
  }
  if (sources.total > 0 || sources.cited > 0) {
    const reporting = sources.reporting;
    sections.push(
      {
        ...counts("Sources by kind", "kind", sources.byKind, sources.total),
        columns: ["kind", "sources", "share"],
      },
      {
        title: "Sources and reporting chains",
        columns: ["", "count"],
        rows: [
          ["sources cited by a record", String(sources.cited)],
          ["sources that report earlier sources", String(reporting.sourcesReporting)],
          ["reporting links", String(reporting.links)],
          ...reporting.byRelation.map(({ key, count }) => [`  ${key}`, String(count)]),
          ["longest chain of reporting (steps)", String(reporting.longestChain)],
        ],
      },
    );
  }
  for (const [type, fields] of Object.entries(stats.fields)) {
    const total = records.byType[type as keyof typeof records.byType];
    if (!total) continue;
    sections.push({
      title: `Fields filled: ${type} (${total} records)`,
      columns: ["field", "records", "share"],
      rows: fields.map(({ field, filled }) => shareRow(field, filled, total)),
    });
  }
  return sections;
}

/** Numbers and shares are right-aligned; text is left-aligned. */
function isNumeric(cell: string): boolean {
  return /^<?[\d.,]+( %)?$|^–$/.test(cell);
}

export function renderText(sections: Section[]): string {
  const out: string[] = [];
  for (const section of sections) {
    out.push(section.title);
    const widths = section.columns.map((column, index) =>
      Math.max(column.length, ...section.rows.map((row) => (row[index] ?? "").length)),
    );
    const line = (cells: string[]) =>
      `  ${cells
        .map((cell, index) =>
          isNumeric(cell) && index > 0
            ? cell.padStart(widths[index] ?? 0)
            : cell.padEnd(widths[index] ?? 0),
        )
        .join("  ")
        .trimEnd()}`;
    out.push(line(section.columns));
    out.push(`  ${widths.map((width) => "─".repeat(width)).join("  ")}`);
    for (const row of section.rows) out.push(line(row));
    if (section.more) out.push(`  … and ${section.more} more (--format json lists all)`);
    out.push("");
  }
  return `${out.join("\n")}`;
}

function markdownCell(cell: string): string {
  return cell.replace(/\|/g, "\\|").replace(/\n/g, " ").trim();
}

export function renderMarkdown(sections: Section[], title: string): string {
  const out = [`# ${markdownCell(title)}`, ""];
  for (const section of sections) {
    out.push(`## ${section.title}`, "");
    out.push(`| ${section.columns.map((c) => markdownCell(c) || " ").join(" | ")} |`);
    out.push(
      `| ${section.columns
        .map((_, index) =>
          section.rows.some((row) => isNumeric(row[index] ?? "")) && index > 0 ? "---:" : "---",
        )
        .join(" | ")} |`,
    );
    for (const row of section.rows) out.push(`| ${row.map(markdownCell).join(" | ")} |`);
    if (section.more) out.push("", `… and ${section.more} more (\`--format json\` lists all).`);
    out.push("");
  }
  return out.join("\n");
}
