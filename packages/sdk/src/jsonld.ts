import { countryName } from "@parley/schema";
import type { ParleyDataset } from "./dataset";
import type {
  ActorRef,
  Citation,
  CodingProvenance,
  Event,
  Format,
  LangString,
  Member,
  Organization,
  ParleyRecord,
  Person,
  Post,
  Quote,
  Source,
  UnresolvedActor,
} from "./generated/types.gen";

/**
 * The JSON-LD context of the export, inline so that a processor needs no network to read it:
 * schema.org is the vocabulary, Parley's own terms (event kinds, formats) have their own
 * namespace, and properties that hold record links are typed @id.
 */
export const JSONLD_CONTEXT = {
  "@vocab": "https://schema.org/",
  schema: "https://schema.org/",
  parley: "https://parley.dev/schema/1.0#",
  // W3C PROV-O for where a statement came from and who coded a record (standard 1.2), and the
  // W3C Organization Ontology for posts (Popolo's Post is org:Post).
  prov: "http://www.w3.org/ns/prov#",
  org: "http://www.w3.org/ns/org#",
  hadPrimarySource: { "@id": "prov:hadPrimarySource", "@type": "@id" },
  wasDerivedFrom: { "@id": "prov:wasDerivedFrom", "@type": "@id" },
  wasQuotedFrom: { "@id": "prov:wasQuotedFrom", "@type": "@id" },
  wasAttributedTo: { "@id": "prov:wasAttributedTo", "@type": "@id" },
  generatedAtTime: {
    "@id": "prov:generatedAtTime",
    "@type": "http://www.w3.org/2001/XMLSchema#date",
  },
  postIn: { "@id": "org:postIn", "@type": "@id" },
  holds: { "@id": "org:holds", "@type": "@id" },
  additionalType: { "@id": "schema:additionalType", "@type": "@id" },
  attendee: { "@id": "schema:attendee", "@type": "@id" },
  organizer: { "@id": "schema:organizer", "@type": "@id" },
  about: { "@id": "schema:about", "@type": "@id" },
  creator: { "@id": "schema:creator", "@type": "@id" },
  contributor: { "@id": "schema:contributor", "@type": "@id" },
  publisher: { "@id": "schema:publisher", "@type": "@id" },
  parentOrganization: { "@id": "schema:parentOrganization", "@type": "@id" },
  member: { "@id": "schema:member", "@type": "@id" },
  worksFor: { "@id": "schema:worksFor", "@type": "@id" },
  superEvent: { "@id": "schema:superEvent", "@type": "@id" },
  recordedAt: { "@id": "schema:recordedAt", "@type": "@id" },
  isBasedOn: { "@id": "schema:isBasedOn", "@type": "@id" },
  citation: { "@id": "schema:citation", "@type": "@id" },
  subjectOf: { "@id": "schema:subjectOf", "@type": "@id" },
  translationOfWork: { "@id": "schema:translationOfWork", "@type": "@id" },
  sameAs: { "@id": "schema:sameAs", "@type": "@id" },
  url: { "@id": "schema:url", "@type": "@id" },
  eventAttendanceMode: { "@id": "schema:eventAttendanceMode", "@type": "@vocab" },
} as const;

export interface JsonLdOptions {
  /** Prefix that turns record ids into IRIs (default "urn:parley:"): event:x -> urn:parley:event:x. */
  base?: string;
}

export type JsonLdNode = Record<string, unknown>;

export interface JsonLdDocument {
  "@context": typeof JSONLD_CONTEXT;
  "@graph": JsonLdNode[];
}

const ATTENDANCE_MODE: Record<string, string> = {
  "in-person": "OfflineEventAttendanceMode",
  virtual: "OnlineEventAttendanceMode",
  phone: "OnlineEventAttendanceMode",
  mixed: "MixedEventAttendanceMode",
};

const SOURCE_TYPE: Record<string, string> = {
  article: "NewsArticle",
  "ministry-website": "WebPage",
  "press-release": "Article",
  broadcast: "CreativeWork",
  transcript: "CreativeWork",
  "social-post": "SocialMediaPosting",
  dataset: "Dataset",
};

function compact(node: JsonLdNode): JsonLdNode {
  return Object.fromEntries(
    Object.entries(node).filter(
      ([, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0),
    ),
  );
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function country(code: string): JsonLdNode {
  return compact({ "@type": "Country", identifier: code, name: countryName(code) });
}

function text(value: LangString): JsonLdNode | string {
  return value.lang ? { "@value": value.value, "@language": value.lang } : value.value;
}

/**
 * Exports records to schema.org JSON-LD: events as Event, people as Person, organizations and
 * formats as Organization, quotes as Quotation, sources as the matching CreativeWork type.
 * Sources behind a record are linked as `subjectOf` (things) or `citation` (works), and a
 * source's chain of reporting as `isBasedOn` (derived, republished) or `citation` (cited,
 * corroborated). Actors the source does not identify become anonymous nodes with their
 * description. Fields schema.org has no term for (outcomes, extensions) are not exported.
 *
 * Since standard 1.2: what a quote is about is `schema:about`; a citation relayed by another
 * source (`via`) gives `prov:hadPrimarySource` (the original) and `prov:wasDerivedFrom` (the
 * source read); a reporting link `cites` is also `prov:wasQuotedFrom`; a record's `coding` is
 * `prov:wasAttributedTo` (the coder) and `prov:generatedAtTime`; a post is an `org:Post`.
 */
export function toJsonLd(
  records: ParleyDataset | readonly ParleyRecord[],
  options: JsonLdOptions = {},
): JsonLdDocument {
  const base = options.base ?? "urn:parley:";
  const iri = (id: string) => `${base}${id}`;
  const list: readonly ParleyRecord[] = Array.isArray(records)
    ? records
    : (records as ParleyDataset).records;
  const sourcesOf = (citations: Citation[] | undefined) =>
    unique((citations ?? []).map((c) => iri(c.source)));
  const unresolved = (actor: UnresolvedActor, role?: string): JsonLdNode =>
    compact({
      "@type": "Thing",
      name: "name" in actor ? actor.name : undefined,
      description: actor.description ?? role,
    });
  const member = (entry: Member): JsonLdNode | string =>
    "organization" in entry ? iri(entry.organization) : country(entry.country);
  const actor = (ref: ActorRef): JsonLdNode | string => {
    if ("person" in ref) return iri(ref.person);
    if ("organization" in ref) return iri(ref.organization);
    if ("post" in ref) return iri(ref.post);
    if ("country" in ref) return country(ref.country);
    return unresolved(ref.unresolved);
  };
  const coder = (coding: CodingProvenance | undefined): JsonLdNode | string | undefined => {
    const who = coding?.coder;
    if (!who) return undefined;
    if ("person" in who) return iri(who.person);
    if ("organization" in who) return iri(who.organization);
    return { "@type": "prov:Agent", name: who.name };
  };
  /** PROV terms of a record: where its statements came from, and who coded it when. */
  const provenance = (record: { citations?: Citation[]; coding?: CodingProvenance }) => {
    const relayed = (record.citations ?? []).filter((c) => c.via !== undefined);
    return {
      hadPrimarySource: unique(relayed.map((c) => iri(c.source))),
      wasDerivedFrom: unique(relayed.map((c) => iri(c.via as string))),
      wasAttributedTo: coder(record.coding),
      generatedAtTime: record.coding?.date,
    };
  };

  const exportEvent = (event: Event): JsonLdNode => {
    const participants = event.participants ?? [];
    const attendee = participants.map((p) => {
      if ("person" in p) return iri(p.person);
      if ("organization" in p) return iri(p.organization);
      return unresolved(p.unresolved, p.role);
    });
    const hosts = participants
      .filter((p) => p.side === "host" && !("unresolved" in p))
      .map((p) =>
        "person" in p ? iri(p.person) : iri((p as { organization: string }).organization),
      );
    const location = event.location;
    return compact({
      "@id": iri(event.id),
      "@type": "Event",
      additionalType: `parley:${event.kind}`,
      name: event.title,
      startDate: event.date?.value,
      endDate: event.endDate?.value,
      eventAttendanceMode: event.mode ? ATTENDANCE_MODE[event.mode] : undefined,
      location: location
        ? compact({
            "@type": "Place",
            name: location.name,
            address: location.country
              ? { "@type": "PostalAddress", addressCountry: location.country }
              : undefined,
            geo: location.coordinates
              ? { "@type": "GeoCoordinates", ...location.coordinates }
              : undefined,
          })
        : undefined,
      attendee,
      organizer: hosts,
      about: [
        ...(event.formats ?? []).map((link) => iri(link.format)),
        ...(event.organizations ?? []).map(iri),
      ],
      keywords: [...(event.topics ?? []), ...(event.tags ?? [])],
      superEvent: (event.relations ?? [])
        .filter((r) => r.relation === "part-of")
        .map((r) => iri(r.event)),
      subjectOf: sourcesOf(event.citations),
      ...provenance(event),
    });
  };

  const exportPerson = (person: Person): JsonLdNode => {
    const [first, ...others] = person.names;
    return compact({
      "@id": iri(person.id),
      "@type": "Person",
      name: first ? text(first) : undefined,
      alternateName: [...others, ...(person.aliases ?? [])].map(text),
      jobTitle: unique((person.positions ?? []).map((position) => position.title)),
      worksFor: unique(
        (person.positions ?? []).flatMap((position) =>
          position.organization ? [iri(position.organization)] : [],
        ),
      ),
      sameAs: person.identifiers?.wikidata
        ? [`https://www.wikidata.org/wiki/${person.identifiers.wikidata}`]
        : [],
      subjectOf: sourcesOf(person.citations),
      holds: unique(
        (person.positions ?? []).flatMap((position) => (position.post ? [iri(position.post)] : [])),
      ),
      ...provenance(person),
    });
  };

  const exportOrganization = (organization: Organization): JsonLdNode => {
    const [first, ...others] = organization.names;
    return compact({
      "@id": iri(organization.id),
      "@type": organization.kind === "government-body" ? "GovernmentOrganization" : "Organization",
      additionalType: `parley:${organization.kind}`,
      name: first ? text(first) : undefined,
      alternateName: [...others, ...(organization.aliases ?? [])].map(text),
      parentOrganization: organization.parent ? iri(organization.parent) : undefined,
      member: (organization.members ?? []).map(member),
      address: organization.country
        ? { "@type": "PostalAddress", addressCountry: organization.country }
        : undefined,
      sameAs: organization.identifiers?.wikidata
        ? [`https://www.wikidata.org/wiki/${organization.identifiers.wikidata}`]
        : [],
      subjectOf: sourcesOf(organization.citations),
      ...provenance(organization),
    });
  };

  const exportFormat = (format: Format): JsonLdNode =>
    compact({
      "@id": iri(format.id),
      "@type": "Organization",
      additionalType: "parley:Format",
      name: format.name,
      alternateName: (format.aliases ?? []).map(text),
      member: (format.members ?? []).map(member),
      foundingDate: format.founded?.value,
      parentOrganization: format.institution ? iri(format.institution) : undefined,
      subjectOf: sourcesOf(format.citations),
      ...provenance(format),
    });

  const exportQuote = (quote: Quote): JsonLdNode => {
    const speaker = quote.speaker;
    return compact({
      "@id": iri(quote.id),
      "@type": "Quotation",
      additionalType: `parley:${quote.kind}`,
      text: { "@value": quote.text, "@language": quote.lang },
      inLanguage: quote.lang,
      creator:
        "person" in speaker
          ? iri(speaker.person)
          : "organization" in speaker
            ? iri(speaker.organization)
            : undefined,
      contributor:
        "unresolved" in speaker
          ? unresolved(speaker.unresolved)
          : "post" in speaker
            ? iri(speaker.post)
            : undefined,
      about: (quote.about ?? []).map(actor),
      recordedAt: quote.saidAt ? iri(quote.saidAt) : undefined,
      dateCreated: quote.saidOn?.value,
      translationOfWork:
        quote.rendering?.kind === "translation" ? iri(quote.rendering.of) : undefined,
      isBasedOn:
        quote.rendering && quote.rendering.kind !== "translation" ? [iri(quote.rendering.of)] : [],
      citation: sourcesOf(quote.citations),
      ...provenance(quote),
    });
  };

  const exportSource = (source: Source): JsonLdNode => {
    const reports = source.reports ?? [];
    const publisher = source.publisher;
    return compact({
      "@id": iri(source.id),
      "@type": SOURCE_TYPE[source.kind ?? ""] ?? "CreativeWork",
      additionalType: source.kind ? `parley:${source.kind}` : undefined,
      name: source.title
        ? source.titleLang
          ? { "@value": source.title, "@language": source.titleLang }
          : source.title
        : undefined,
      alternateName: (source.alternativeTitles ?? []).map(text),
      inLanguage: source.lang,
      url: source.url,
      datePublished: source.published?.value,
      publisher: publisher
        ? "organization" in publisher
          ? iri(publisher.organization)
          : { "@type": "Organization", name: publisher.name }
        : undefined,
      contributor: (source.contributors ?? []).map((c) => iri(c.person)),
      isBasedOn: reports
        .filter((r) => r.relation === "derives-from" || r.relation === "republishes")
        .map((r) => iri(r.source)),
      citation: unique([
        ...reports
          .filter((r) => r.relation === "cites" || r.relation === "corroborates")
          .map((r) => iri(r.source)),
        ...sourcesOf(source.citations),
      ]),
      wasQuotedFrom: reports.filter((r) => r.relation === "cites").map((r) => iri(r.source)),
      ...provenance(source),
    });
  };

  const exportPost = (post: Post): JsonLdNode =>
    compact({
      "@id": iri(post.id),
      "@type": "org:Post",
      name: post.label,
      roleName: post.role,
      postIn: post.organization ? iri(post.organization) : undefined,
      areaServed: post.country ? country(post.country) : undefined,
      subjectOf: sourcesOf(post.citations),
      ...provenance(post),
    });

  const graph = list.map((record): JsonLdNode => {
    switch (record.type) {
      case "event":
        return exportEvent(record);
      case "person":
        return exportPerson(record);
      case "organization":
        return exportOrganization(record);
      case "format":
        return exportFormat(record);
      case "quote":
        return exportQuote(record);
      case "source":
        return exportSource(record);
      case "post":
        return exportPost(record);
      default: {
        // A record type added to the schema after this exporter was written: still a node.
        const other = record as { id: string; type: string };
        return { "@id": iri(other.id), "@type": "Thing", additionalType: `parley:${other.type}` };
      }
    }
  });
  return { "@context": JSONLD_CONTEXT, "@graph": graph };
}
