/**
 * The synthetic summits table both import benches read (`summits.mapping.json` and the guide's
 * mapping): every row a distinct city, so every event id differs while persons' ids repeat.
 */
import { createWriteStream } from "node:fs";

const CITIES = [
  ["Geneva", "Switzerland"],
  ["Beijing", "China"],
  ["Singapore", "Singapore"],
  ["Woodside", "USA"],
  ["Helsinki", "Finland"],
];
const LEADERS = [
  "President Joe Biden and President Xi Jinping",
  "Prime Minister Narendra Modi and Chancellor Olaf Scholz",
  "President Emmanuel Macron",
];
const COLUMNS = ["Date", "Leaders", "City", "Country", "Type", "Notes"];

function row(i) {
  const [city, country] = CITIES[i % CITIES.length];
  const day = new Date(Date.UTC(1950, 0, 1) + (i % 25000) * 86400000).toISOString().slice(0, 10);
  // Every row a distinct city, so every event id differs and the ids of persons repeat: what
  // the engine keeps in memory is the persons' ids, not one entry per row.
  return [day, LEADERS[i % LEADERS.length], `${city}-${i}`, country, "meeting", `row ${i}`];
}

const escapeXml = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;");
const LINES = {
  csv: (values) => `${values.join(",")}\n`,
  ndjson: (values) =>
    `${JSON.stringify(Object.fromEntries(COLUMNS.map((c, k) => [c, values[k]])))}\n`,
  xml: (values) =>
    `<row>${COLUMNS.map((c, k) => `<${c}>${escapeXml(values[k])}</${c}>`).join("")}</row>\n`,
};

/** Writes about `bytes` of the table as `format` (csv, ndjson, xml) to `path`; returns the rows. */
export async function writeSummits(path, bytes, format = "csv") {
  const line = LINES[format];
  if (!line) throw new Error(`unknown format '${format}' (csv, ndjson, xml)`);
  const out = createWriteStream(path);
  if (format === "csv") out.write(`${COLUMNS.join(",")}\n`);
  if (format === "xml") out.write("<rows>\n");
  let written = 0;
  let i = 0;
  while (written < bytes) {
    const text = line(row(i));
    written += text.length;
    i += 1;
    if (!out.write(text)) await new Promise((resolve) => out.once("drain", resolve));
  }
  if (format === "xml") out.write("</rows>\n");
  await new Promise((resolve) => out.end(resolve));
  return i;
}
