import { z } from "zod";

/**
 * The record types of the standard. Every reference field says, in its `x-parley-ref`
 * metadata, which of these it points at; the SDK's generated reference graph and the
 * validator's referential checks read that metadata rather than keeping a list of their own.
 */
export const RECORD_TYPES = [
  "event",
  "person",
  "organization",
  "format",
  "quote",
  "source",
  // Since 1.2: offices as records (Popolo Post, FollowTheMoney Position).
  "post",
] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:~/-]{0,255}$/;

export const Id = z.string().regex(ID_PATTERN).meta({
  id: "Id",
  description:
    "A stable identifier, unique within the dataset: letters, digits and . _ : ~ / -, starting with a letter or digit, at most 256 characters. Never reuse an id for a different thing.",
});

/** A field that holds the id of a record of the given type. */
export function ref(target: RecordType, description: string) {
  return z.string().regex(ID_PATTERN).meta({ description, "x-parley-ref": target });
}

export const CountryCode = z
  .string()
  .regex(/^[A-Z]{3}$/)
  .meta({
    id: "CountryCode",
    description:
      "An ISO 3166-1 alpha-3 country code, or a formerly assigned code from ISO 3166-3 (SUN, CSK, YUG…) for countries that no longer exist. Codes are strings, always upper case. The validator checks membership in the code list (rule country-code-unknown).",
    "x-parley-codelist": "country",
  });

export const LanguageTag = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$/)
  .meta({
    id: "LanguageTag",
    description: "A BCP 47 language tag: 'en', 'ru', 'ru-Latn' (Russian in Latin script), 'tg'.",
  });

export const LangString = z
  .strictObject({
    value: z.string().min(1).meta({ description: "The text." }),
    lang: LanguageTag.optional().meta({
      description: "Language of the text; absent when the source does not make it clear.",
    }),
  })
  .meta({ id: "LangString", description: "A piece of text with its language." });

export const WikidataId = z
  .string()
  .regex(/^Q[1-9][0-9]*$/)
  .meta({ description: "A Wikidata item id, e.g. 'Q42'." });

export const GeoNamesId = z
  .string()
  .regex(/^[1-9][0-9]*$/)
  .meta({ description: "A GeoNames feature id, as a string of digits, e.g. '524901' (Moscow)." });

export const ExternalIdentifiers = z
  .strictObject({
    wikidata: WikidataId.optional(),
    geonames: GeoNamesId.optional(),
    other: z
      .array(
        z.strictObject({
          scheme: z.string().min(1).meta({
            description: "Who issues the identifier: 'gdelt', 'plover', 'hsg', 'viaf', a URL…",
          }),
          value: z.string().min(1).meta({ description: "The identifier, as a string." }),
        }),
      )
      .optional()
      .meta({
        description:
          "Identifiers in other schemes, including the id a record had in the dataset it was imported from.",
      }),
  })
  .meta({
    id: "ExternalIdentifiers",
    description: "Identifiers of the same thing in other systems.",
  });

export const Extensions = z.record(z.string(), z.unknown()).meta({
  id: "Extensions",
  description:
    "The extension slot: third-party fields that the standard has no place for, kept verbatim and never dropped. Prefix keys with their origin ('gdelt:NumMentions').",
});

export const Url = z.url().meta({ description: "An absolute URL." });

export const Text = z.string().min(1);
