import { z } from "zod";
import { ORGANIZATION_KINDS } from "./codelists";
import { recordBase } from "./common";
import { Member } from "./membership";
import { CountryCode, ExternalIdentifiers, LangString, ref } from "./primitives";

export const Organization = z
  .strictObject({
    ...recordBase("organization"),
    names: z
      .array(LangString)
      .min(1)
      .meta({ description: "The organization's names, each with its language." }),
    aliases: z.array(LangString).optional().meta({ description: "Other names and spellings." }),
    acronym: z
      .string()
      .min(1)
      .optional()
      .meta({ description: "The usual acronym ('CIS', 'EAEU')." }),
    kind: z.enum(ORGANIZATION_KINDS).meta({
      description:
        "ministry, government-body, intergovernmental-organization, media-outlet, other.",
      "x-parley-codelist": "open",
    }),
    country: CountryCode.optional().meta({
      description: "The country a national body belongs to.",
    }),
    parent: ref(
      "organization",
      "The organization this one is part of (a ministry's department).",
    ).optional(),
    members: z.array(Member).optional().meta({ description: "Member states or organizations." }),
    identifiers: ExternalIdentifiers.optional(),
  })
  .meta({
    id: "Organization",
    title: "Organization",
    description:
      "A ministry or government body, an intergovernmental organization, a media outlet, or another organization.",
  });

export type Organization = z.infer<typeof Organization>;
