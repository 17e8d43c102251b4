import { z } from "zod";
import { OrganizationRef, PersonRef } from "./actor";
import { Citations } from "./citation";
import { REPORTING_RELATIONS, SOURCE_KINDS } from "./codelists";
import { recordBase } from "./common";
import { PartialDate } from "./date";
import { ExternalIdentifiers, LangString, LanguageTag, ref, Url } from "./primitives";

export const Publisher = z
  .union([
    z.strictObject({ organization: OrganizationRef }),
    z.strictObject({
      name: z.string().min(1).meta({ description: "The publisher's name, when it has no record." }),
    }),
  ])
  .meta({
    id: "Publisher",
    description: "Who published the source: an organization record or a name.",
  });

export const ReportingLink = z
  .strictObject({
    source: ref("source", "The earlier source."),
    relation: z.enum(REPORTING_RELATIONS).meta({
      description:
        "cites (attributes facts to it: 'the ministry's website says'), derives-from (rewritten from it), republishes (verbatim), corroborates (independently reports the same).",
      "x-parley-codelist": "closed",
    }),
    citations: Citations.meta({
      description:
        "Since 1.2. The sources behind the link (the article that says the ministry's website says so); certainty 'inferred' when the editor made it.",
    }),
  })
  .meta({ id: "ReportingLink", description: "One link of the chain of reporting." });

export const Source = z
  .strictObject({
    ...recordBase("source"),
    kind: z.enum(SOURCE_KINDS).optional().meta({
      description:
        "article, ministry-website, press-release, broadcast, transcript, social-post, dataset, other. Absent when not known.",
      "x-parley-codelist": "open",
    }),
    title: z.string().min(1).optional().meta({ description: "The title as published." }),
    titleLang: LanguageTag.optional().meta({ description: "Language (and script) of `title`." }),
    alternativeTitles: z
      .array(LangString)
      .optional()
      .meta({ description: "Translations or other forms of the title." }),
    publisher: Publisher.optional(),
    contributors: z
      .array(
        z.strictObject({
          person: PersonRef,
          role: z.string().min(1).optional().meta({
            description:
              "Author, presenter, correspondent… Since 1.2, a presenter who hosts an interview is also the interview event's participant with side 'host'.",
          }),
        }),
      )
      .optional()
      .meta({ description: "People who made the source: authors, hosts of a programme." }),
    url: Url.optional(),
    published: PartialDate.optional().meta({ description: "When it was published or broadcast." }),
    lang: LanguageTag.optional().meta({ description: "The source's language." }),
    reports: z.array(ReportingLink).optional().meta({
      description:
        "The chain of reporting: the earlier sources this one cites, derives from, republishes or corroborates.",
    }),
    notBefore: PartialDate.optional().meta({
      description:
        "Since 1.2. The earliest the source can have been published, when no one gives the day but something bounds it. Inclusive. Use `published` when the date is known.",
    }),
    notAfter: PartialDate.optional().meta({
      description:
        "Since 1.2. The latest the source can have been published: a ministry statement an article of November 18 quotes was published on or before that day. Inclusive. Use `published` when the date is known.",
    }),
    identifiers: ExternalIdentifiers.optional().meta({
      description:
        "Since 1.2. The source's ids in other systems: a DOI, a GDELT mention's URL id, an archive id.",
    }),
  })
  .meta({
    id: "Source",
    title: "Source",
    description:
      "Where facts come from: an article, a ministry website, a press release, a broadcast, a transcript, a social post, a dataset.",
  });

export type Source = z.infer<typeof Source>;
