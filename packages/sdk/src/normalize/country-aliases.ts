/**
 * The few country labels that no maintained data package resolves, each with the reason it
 * means what it says here. Everything else (current names in many languages, official and
 * short forms, codes, most demonyms, the names of ISO 3166-3 codes) comes from packages; see
 * `countries.ts`. An entry belongs here only when its meaning is settled by a citable source,
 * never because it is the likeliest reading.
 */
export interface CountryAlias {
  /** The label as sources print it. */
  label: string;
  /** ISO 3166-1 alpha-3, or ISO 3166-3 for a state that no longer exists. */
  code: string;
  /** Why the label means that code. */
  source: string;
}

const ISO_3166_3 = "ISO 3166-3 (codes for formerly used names of countries)";
const UN_MEMBERS = "UN, Member States: growth of membership and former names";

export const COUNTRY_ALIASES: readonly CountryAlias[] = [
  // Short forms and abbreviations in everyday use.
  {
    label: "U.K.",
    code: "GBR",
    source: "ISO 3166-1 exceptionally reserves UK for the United Kingdom",
  },
  {
    label: "Britain",
    code: "GBR",
    source: "UK government style guide: 'Britain' for the United Kingdom",
  },
  { label: "England", code: "GBR", source: "ISO 3166-2:GB, a country of the United Kingdom" },
  { label: "Scotland", code: "GBR", source: "ISO 3166-2:GB, a country of the United Kingdom" },
  { label: "Wales", code: "GBR", source: "ISO 3166-2:GB, a country of the United Kingdom" },
  {
    label: "Northern Ireland",
    code: "GBR",
    source: "ISO 3166-2:GB, a province of the United Kingdom",
  },
  { label: "Holland", code: "NLD", source: "common name for the Netherlands (Government.nl)" },
  {
    label: "Antigua",
    code: "ATG",
    source: "the main island of Antigua and Barbuda; UN General Debate speaker list",
  },
  {
    label: "Muscat and Oman",
    code: "OMN",
    source: "Sultanate of Muscat and Oman, renamed Oman in 1970 (UN: Oman, admitted 1971)",
  },
  {
    label: "Somali Republic",
    code: "SOM",
    source: "the state's name 1960-1969 (UN: Somalia, admitted 1960)",
  },

  // Demonyms the nationality package spells otherwise ("Uzbekistani", "Kazakhstani").
  {
    label: "Uzbek",
    code: "UZB",
    source:
      "CIA World Factbook, Uzbekistan: nationality adjective 'Uzbekistani'; 'Uzbek' in common use (Oxford)",
  },
  {
    label: "Kazakh",
    code: "KAZ",
    source:
      "CIA World Factbook, Kazakhstan: nationality 'Kazakhstani'; 'Kazakh' in common use (Oxford)",
  },

  // Former names of states that kept their ISO 3166-1 code.
  { label: "Ceylon", code: "LKA", source: `${UN_MEMBERS}: Sri Lanka, formerly Ceylon (1972)` },
  { label: "Siam", code: "THA", source: "Siam was renamed Thailand in 1939 (UN: Thailand)" },
  { label: "Persia", code: "IRN", source: "Persia was renamed Iran in 1935 (UN: Iran)" },
  {
    label: "Western Samoa",
    code: "WSM",
    source: "ISO 3166-1 English short name until 1997; UN: Samoa, formerly Western Samoa",
  },
  {
    label: "Malaya",
    code: "MYS",
    source: `${UN_MEMBERS}: Federation of Malaya (1957), Malaysia from 1963, one membership`,
  },
  {
    label: "Federation of Malaya",
    code: "MYS",
    source: `${UN_MEMBERS}: Federation of Malaya (1957), Malaysia from 1963, one membership`,
  },
  {
    label: "Kirghizia",
    code: "KGZ",
    source: "Kirghiz SSR, renamed Kyrgyzstan 1990-1991 (no ISO 3166-3 code of its own)",
  },
  {
    label: "West Germany",
    code: "DEU",
    source: `${UN_MEMBERS}: the Federal Republic of Germany (1973) holds the seat of unified Germany; ISO 3166-1 DEU`,
  },
  {
    label: "Yemen Arab Republic",
    code: "YEM",
    source: `${UN_MEMBERS}: Yemen (North, 1947) and Democratic Yemen merged in 1990 as Yemen; ISO 3166-1 kept YEM`,
  },
  {
    label: "North Yemen",
    code: "YEM",
    source: `${UN_MEMBERS}: Yemen (North, 1947) and Democratic Yemen merged in 1990 as Yemen; ISO 3166-1 kept YEM`,
  },
  {
    label: "United Arab Republic",
    code: "EGY",
    source: `${UN_MEMBERS}: Egypt and Syria as the UAR 1958; Syria resumed its own seat in 1961, Egypt kept the name until 1971`,
  },
  { label: "Gold Coast", code: "GHA", source: `${UN_MEMBERS}: Ghana, formerly the Gold Coast` },
  { label: "Abyssinia", code: "ETH", source: "historical English name of Ethiopia" },
  { label: "Formosa", code: "TWN", source: "historical English name of Taiwan" },
  {
    label: "Kampuchea",
    code: "KHM",
    source: `${UN_MEMBERS}: Cambodia, formerly Democratic Kampuchea`,
  },
  { label: "Khmer Republic", code: "KHM", source: "the state's name 1970-1975 (UN: Cambodia)" },

  // Official names a state carried for a time (UN member lists of the period).
  {
    label: "United Republic of Cameroon",
    code: "CMR",
    source: `${UN_MEMBERS}: Cameroon, officially the United Republic of Cameroon 1972-1984`,
  },
  {
    label: "Democratic Kampuchea",
    code: "KHM",
    source: `${UN_MEMBERS}: Cambodia, formerly Democratic Kampuchea (1976-1979)`,
  },
  {
    label: "Saint Christopher and Nevis",
    code: "KNA",
    source: "Constitution of Saint Christopher and Nevis (1983): both names are the state's",
  },
  {
    label: "Libyan Arab Jamahiriya",
    code: "LBY",
    source: "ISO 3166-1 English short name of LY until 2011",
  },
  {
    label: "Libyan Arab Republic",
    code: "LBY",
    source: `${UN_MEMBERS}: Libya, formerly the Libyan Arab Republic (1969-1977)`,
  },
  { label: "Union of Myanmar", code: "MMR", source: "the state's official name 1989-2010" },
  { label: "Union of Burma", code: "MMR", source: "the state's official name 1948-1974" },
  {
    label: "Mongolian People's Republic",
    code: "MNG",
    source: `${UN_MEMBERS}: Mongolia, formerly the Mongolian People's Republic (to 1992)`,
  },
  {
    label: "China, Hong Kong Special Administrative Region",
    code: "HKG",
    source: "UN M49 country or area name",
  },
  {
    label: "China, Macao Special Administrative Region",
    code: "MAC",
    source: "UN M49 country or area name",
  },

  // States that no longer exist, under names their ISO 3166-3 entry does not spell.
  {
    label: "Czechoslovak Socialist Republic",
    code: "CSK",
    source: `${ISO_3166_3}: CSK, Czechoslovakia (its official name 1960-1990)`,
  },
  { label: "Soviet Union", code: "SUN", source: `${ISO_3166_3}: SUN, USSR` },
  {
    label: "Union of Soviet Socialist Republics",
    code: "SUN",
    source: `${ISO_3166_3}: SUN, USSR`,
  },
  { label: "East Germany", code: "DDR", source: `${ISO_3166_3}: DDR, German Democratic Republic` },
  { label: "Czecho-Slovakia", code: "CSK", source: `${ISO_3166_3}: CSK, Czechoslovakia` },
  { label: "Byelorussia", code: "BYS", source: `${ISO_3166_3}: BYS, Byelorussian SSR` },
  { label: "Belorussia", code: "BYS", source: `${ISO_3166_3}: BYS, Byelorussian SSR` },
  { label: "Rhodesia", code: "RHO", source: `${ISO_3166_3}: RHO, Southern Rhodesia` },
  {
    label: "South Yemen",
    code: "YMD",
    source: `${ISO_3166_3}: YMD, Yemen, Democratic (People's Democratic Republic of Yemen)`,
  },
  {
    label: "People's Democratic Republic of Yemen",
    code: "YMD",
    source: `${ISO_3166_3}: YMD, Yemen, Democratic`,
  },
  {
    label: "North Vietnam",
    code: "VDR",
    source: `${ISO_3166_3}: VDR, Viet-Nam, Democratic Republic of`,
  },

  // Palestine's territories: ISO 3166-1 PS covers the West Bank (with East Jerusalem) and Gaza.
  { label: "West Bank", code: "PSE", source: "ISO 3166-1 PS: the West Bank and the Gaza Strip" },
  { label: "Gaza Strip", code: "PSE", source: "ISO 3166-1 PS: the West Bank and the Gaza Strip" },
  { label: "Gaza", code: "PSE", source: "ISO 3166-1 PS: the West Bank and the Gaza Strip" },
  {
    label: "West Bank and Gaza",
    code: "PSE",
    source: "World Bank country name for ISO 3166-1 PS",
  },
  {
    label: "Palestinian Authority",
    code: "PSE",
    source: "Office of the Historian travels data; ISO 3166-1 PS",
  },
  {
    label: "Occupied Palestinian Territory",
    code: "PSE",
    source: "UN OCHA name for ISO 3166-1 PS",
  },
];

/**
 * Labels that several states carry, so that any one code would be a guess: "Korea" is two
 * states since 1948, "Congo" two since 1960. A reconciler answers these with the candidates.
 */
export const AMBIGUOUS_COUNTRY_LABELS: ReadonlyArray<{ label: string; codes: string[] }> = [
  { label: "Korea", codes: ["KOR", "PRK"] },
  { label: "Congo", codes: ["COD", "COG"] },
  { label: "Virgin Islands", codes: ["VGB", "VIR"] },
];
