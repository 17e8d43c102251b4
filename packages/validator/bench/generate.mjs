/**
 * Synthetic Parley dataset for the benchmark: realistic records (the shapes of the seed, with
 * Cyrillic names, URLs, citations, participants, quotes), about 1 KB each, written as NDJSON.
 *
 * Records are emitted in dependency-friendly batches (organizations, persons, sources, formats,
 * then events and quotes), as exporters usually do, but a share of references point forward
 * (events relate to later events), so pending references are exercised too.
 *
 *   node bench/generate.mjs <out.ndjson> [records=500000] [invalidShare=0] [seed=1]
 *
 * With invalidShare > 0 that share of records carries one or two realistic mistakes (typo'd
 * codes, wrong types, missing fields, impossible dates, dangling references).
 */
import { createWriteStream } from "node:fs";
import { EVENT_KINDS, TOPICS as SCHEMA_TOPICS } from "@parley/schema";

/**
 * Bumped whenever the generator writes different records for the same arguments; the benches
 * put it in their file names, so that a kept file (`--keep`, `--dir`) of an older generator is
 * not measured as if it were this one's. Generation 2 (30 Nov): quotes no longer all carry
 * `originalLang` equal to `lang` (83,400 warnings in 300,000 "clean" records before), and 5 %
 * of speakers, not 20 %, are unresolved.
 */
export const GENERATION = 2;

const COUNTRIES = [
  "RUS",
  "KAZ",
  "KGZ",
  "TJK",
  "TKM",
  "UZB",
  "CHN",
  "USA",
  "FRA",
  "DEU",
  "TUR",
  "IND",
  "IRN",
  "AZE",
  "ARM",
  "GEO",
  "BLR",
  "MNG",
  "PAK",
  "AFG",
];
// The standard's own vocabulary, so generated records use exactly the topics the schema allows.
const TOPICS = [...SCHEMA_TOPICS];
// Every event kind of the standard but the catch-all "other".
const KINDS = EVENT_KINDS.filter((kind) => kind !== "other");
const FIRST = [
  "Sergey",
  "Kassym-Jomart",
  "Sadyr",
  "Emomali",
  "Serdar",
  "Shavkat",
  "Mukhtar",
  "Jeenbek",
  "Sirojiddin",
  "Rashid",
  "Vladimir",
  "Maria",
  "Alexei",
  "Dmitry",
  "Aigerim",
  "Nurlan",
];
const LAST = [
  "Lavrov",
  "Tokayev",
  "Japarov",
  "Rahmon",
  "Berdimuhamedov",
  "Mirziyoyev",
  "Tileuberdi",
  "Kulubaev",
  "Muhriddin",
  "Meredov",
  "Putin",
  "Zakharova",
  "Overchuk",
  "Peskov",
  "Nurlanova",
  "Sultanov",
];
const FIRST_RU = [
  "Сергей",
  "Касым-Жомарт",
  "Садыр",
  "Эмомали",
  "Сердар",
  "Шавкат",
  "Мухтар",
  "Жээнбек",
  "Сироджиддин",
  "Рашид",
  "Владимир",
  "Мария",
  "Алексей",
  "Дмитрий",
  "Айгерим",
  "Нурлан",
];
const LAST_RU = [
  "Лавров",
  "Токаев",
  "Жапаров",
  "Рахмон",
  "Бердымухамедов",
  "Мирзиёев",
  "Тлеуберди",
  "Кулубаев",
  "Мухриддин",
  "Мередов",
  "Путин",
  "Захарова",
  "Оверчук",
  "Песков",
  "Нурланова",
  "Султанов",
];
const CITIES = [
  "Moscow",
  "Astana",
  "Bishkek",
  "Dushanbe",
  "Ashgabat",
  "Tashkent",
  "Beijing",
  "Geneva",
  "Samarkand",
  "Minsk",
];
const WORDS =
  "the parties discussed cooperation in trade energy transport and security noted the importance of regional stability agreed to continue consultations within the framework of the Commonwealth of Independent States and the Shanghai Cooperation Organisation reviewed the results of the summit".split(
    " ",
  );
// The same kind of sentence in Russian, for quotes reported in the language they were spoken in.
const WORDS_RU =
  "стороны обсудили сотрудничество в области торговли энергетики транспорта и безопасности отметили важность региональной стабильности договорились продолжить консультации в рамках Содружества Независимых Государств и Шанхайской организации сотрудничества".split(
    " ",
  );

let state = 1;
function rnd() {
  // xorshift32: deterministic, so every run benchmarks the same bytes.
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 4294967296;
}
const pick = (a) => a[Math.floor(rnd() * a.length)];
const int = (n) => Math.floor(rnd() * n);
function words(n, list = WORDS) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(pick(list));
  return out.join(" ");
}
function date(year) {
  const m = 1 + int(12);
  const d = 1 + int(28);
  return `${year}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

export function* generate(total, invalidShare = 0, seed = 1) {
  state = seed || 1;
  const nOrg = Math.max(10, Math.floor(total * 0.02));
  const nPerson = Math.max(10, Math.floor(total * 0.08));
  const nSource = Math.max(10, Math.floor(total * 0.2));
  const nFormat = Math.max(5, Math.floor(total * 0.005));
  const rest = total - nOrg - nPerson - nSource - nFormat;
  const nEvent = Math.floor(rest * 0.6);
  const nQuote = rest - nEvent;
  yield {
    type: "dataset",
    schemaVersion: "1.0",
    title: `Synthetic Parley benchmark dataset (${total} records)`,
    publisher: "Parley bench",
    license: "CC0-1.0",
    created: "2026-11-27",
  };
  const mutate = (record) => {
    if (invalidShare > 0 && rnd() < invalidShare) return breakRecord(record);
    return record;
  };
  for (let i = 0; i < nOrg; i++) {
    const c = pick(COUNTRIES);
    yield mutate({
      type: "organization",
      id: `org:${i}`,
      names: [
        { value: `Ministry of Foreign Affairs of ${c} ${i}`, lang: "en" },
        { value: `Министерство иностранных дел ${i}`, lang: "ru" },
      ],
      acronym: `MFA${i}`,
      kind: pick(["ministry", "government-body", "intergovernmental-organization", "media-outlet"]),
      country: c,
      identifiers: { wikidata: `Q${1000 + i}` },
    });
  }
  for (let i = 0; i < nPerson; i++) {
    const k = int(FIRST.length);
    yield mutate({
      type: "person",
      id: `person:${i}`,
      names: [
        { value: `${FIRST[k]} ${pick(LAST)}`, lang: "en" },
        { value: `${FIRST_RU[k]} ${pick(LAST_RU)}`, lang: "ru" },
      ],
      aliases: [{ value: `${FIRST[k][0]}. ${pick(LAST)}`, lang: "en" }],
      positions: [
        {
          title: "Minister of Foreign Affairs",
          country: pick(COUNTRIES),
          organization: `org:${int(nOrg)}`,
          start: { value: String(1995 + int(20)) },
          citations: [{ source: `source:${int(nSource)}`, certainty: "reported" }],
        },
      ],
      identifiers: { wikidata: `Q${50000 + i}` },
    });
  }
  for (let i = 0; i < nSource; i++) {
    const published = { value: date(2023 + int(3)) };
    if (rnd() < 0.2) {
      published.inferred = ["year"];
      published.basis =
        "The article prints only the day and month; the year is that of the reported meeting.";
    }
    yield mutate({
      type: "source",
      id: `source:${i}`,
      kind: pick(["article", "ministry-website", "press-release", "broadcast"]),
      title: `${words(8)} ${i}`,
      titleLang: "en",
      publisher: rnd() < 0.7 ? { organization: `org:${int(nOrg)}` } : { name: "Kabar news agency" },
      url: `https://news.example.org/${2023 + int(3)}/${int(12) + 1}/article-${i}.html`,
      published,
      lang: pick(["en", "ru", "tg"]),
      ...(i > 0 && rnd() < 0.5
        ? {
            reports: [
              {
                source: `source:${int(i)}`,
                relation: pick(["cites", "derives-from", "republishes", "corroborates"]),
              },
            ],
          }
        : {}),
    });
  }
  for (let i = 0; i < nFormat; i++) {
    const members = [];
    for (let j = 0; j < 6; j++) members.push({ country: COUNTRIES[(i + j) % COUNTRIES.length] });
    yield mutate({
      type: "format",
      id: `format:${i}`,
      name: `Central Asia + ${pick(CITIES)} ${i}`,
      aliases: [{ value: `Central Asia5 + ${i}`, lang: "en" }],
      kind: pick(["named-format", "multilateral", "institutional-framework"]),
      members,
      founded: { value: String(2000 + int(20)) },
    });
  }
  for (let i = 0; i < nEvent; i++) {
    const f = int(nFormat);
    const members = [];
    for (let j = 0; j < 6; j++) members.push(COUNTRIES[(f + j) % COUNTRIES.length]);
    const participants = [];
    const np = 2 + int(4);
    for (let j = 0; j < np; j++) {
      if (rnd() < 0.6) {
        participants.push({
          person: `person:${int(nPerson)}`,
          role: "Minister of Foreign Affairs",
          side: j === 0 ? "host" : "guest",
          represents: { country: members[j % members.length] },
        });
      } else {
        participants.push({
          unresolved: { description: `the ambassador of ${members[j % members.length]} to Russia` },
          role: "Ambassador",
          side: "guest",
          represents: { country: members[j % members.length] },
        });
      }
    }
    const year = 2020 + int(3);
    const event = {
      type: "event",
      id: `event:${i}`,
      kind: pick(KINDS),
      mode: pick(["in-person", "virtual", "phone"]),
      title: `Meeting of the foreign ministers ${i}`,
      date: {
        value: date(year),
        ...(rnd() < 0.3 ? { inferred: ["year"], basis: "The year is that of the article." } : {}),
      },
      location: {
        name: pick(CITIES),
        country: pick(members),
        geonames: String(500000 + int(100000)),
      },
      participants,
      formats: [{ format: `format:${f}`, link: pick(["held-in", "discussed"]) }],
      topics: [pick(TOPICS), pick(TOPICS)],
      tags: ["Aral Sea"],
      outcomes: [
        {
          text: words(14),
          kind: pick(["assessment", "discussion", "commitment"]),
          citations: [
            { source: `source:${int(nSource)}`, certainty: "reported", locator: "para 2" },
          ],
        },
      ],
      citations: [
        {
          source: `source:${int(nSource)}`,
          certainty: pick(["reported", "confirmed"]),
          excerpt: words(10),
        },
      ],
    };
    if (i + 1 < nEvent && rnd() < 0.3)
      event.relations = [
        { relation: "follow-up-to", event: `event:${i + 1 + int(Math.min(50, nEvent - i - 1))}` },
      ];
    if (rnd() < 0.2) event.extensions = { "gdelt:NumMentions": int(100), "gdelt:AvgTone": -1.5 };
    yield mutate(event);
  }
  for (let i = 0; i < nQuote; i++) {
    const inserted = rnd() < 0.2;
    // As news reports quote: in the language the words were spoken in (no originalLang), or
    // in translation (originalLang names the spoken language, never the text's own).
    const spoken = rnd();
    const quoted = (list) => `${words(10, list)}${inserted ? " [Russia] " : " "}${words(10, list)}`;
    const language =
      spoken < 0.5
        ? { text: `«${quoted(WORDS_RU)}», — сказал министр. ${words(6)}`, lang: "ru" }
        : spoken < 0.9
          ? {
              text: `"${quoted(WORDS)}," the minister said. ${words(6)}`,
              lang: "en",
              originalLang: "ru",
            }
          : { text: `"${quoted(WORDS)}," the envoy said. ${words(6)}`, lang: "en" };
    yield mutate({
      type: "quote",
      id: `quote:${i}`,
      ...language,
      kind: pick(["direct", "paraphrase", "indirect"]),
      // Most speakers are named people; a few are known only by description ("a spokesperson").
      speaker:
        rnd() < 0.95
          ? { person: `person:${int(nPerson)}` }
          : { unresolved: { description: "a ministry spokesperson" } },
      saidAt: `event:${int(nEvent)}`,
      saidOn: { value: date(2020 + int(3)) },
      ...(inserted ? { insertions: [{ text: "[Russia]", replaces: "us" }] } : {}),
      citations: [
        { source: `source:${int(nSource)}`, certainty: "reported", locator: `para ${1 + int(9)}` },
      ],
    });
  }
}

function breakRecord(record) {
  const r = structuredClone(record);
  switch (int(8)) {
    case 0:
      if (r.type === "event") r.kind = "meting";
      else r.id = "";
      break;
    case 1:
      delete r.id;
      break;
    case 2:
      r.partcipants = [];
      break;
    case 3:
      if (r.type === "event") r.date = { value: "2022-02-30" };
      else r.citations = [{ source: "source:does-not-exist", certainty: "reported" }];
      break;
    case 4:
      if (r.type === "event" && r.location) r.location.country = "RU";
      else r.extensions = 5;
      break;
    case 5:
      if (r.type === "event") r.topics = ["trades", 7];
      else r.id = `${r.id} with space`;
      break;
    case 6:
      r.citations = [{ source: "source:0", certainty: "sure" }];
      break;
    default:
      r.type = "evnt";
  }
  return r;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [out, n = "500000", invalid = "0", seed = "1"] = process.argv.slice(2);
  if (!out) {
    console.error("usage: node bench/generate.mjs <out.ndjson> [records] [invalidShare] [seed]");
    process.exit(2);
  }
  const stream = createWriteStream(out);
  let buffer = "";
  for (const record of generate(Number(n), Number(invalid), Number(seed))) {
    buffer += `${JSON.stringify(record)}\n`;
    if (buffer.length > 1 << 20) {
      if (!stream.write(buffer)) await new Promise((r) => stream.once("drain", r));
      buffer = "";
    }
  }
  stream.end(buffer);
  await new Promise((r) => stream.on("finish", r));
}
