import { z } from "zod";
import { OrganizationRef, PersonRef, UnresolvedActor } from "./actor";
import { QUOTE_KINDS, QUOTE_RENDERING_KINDS } from "./codelists";
import { recordBase } from "./common";
import { PartialDate } from "./date";
import { LanguageTag, ref } from "./primitives";

/**
 * An editor's words inside a quote, such as the seed's "[Russia]". They are located by their
 * text (and occurrence, when the same text appears twice), not by offsets: producers in any
 * language can write them, and removing them, or putting back `replaces`, recovers the words
 * as spoken.
 */
export const EditorialInsertion = z
  .strictObject({
    text: z.string().min(1).meta({
      description:
        "The inserted text exactly as it stands in the quote, brackets included ('[Russia]').",
    }),
    occurrence: z.int().min(1).optional().meta({
      description:
        "Which occurrence of `text` in the quote is the insertion, counting from 1; default 1.",
    }),
    replaces: z.string().optional().meta({
      description:
        "The speaker's words the insertion stands for, when a source gives them ('us'). Absent: unknown; the insertion is then either an addition or a substitution for words no source gives.",
    }),
  })
  .meta({
    id: "EditorialInsertion",
    description: "Words added to a quote by an editor, marked so the original can be recovered.",
  });

export const Speaker = z
  .union([
    z.strictObject({ person: PersonRef }),
    z.strictObject({ organization: OrganizationRef }),
    z.strictObject({ unresolved: UnresolvedActor }),
  ])
  .meta({
    id: "Speaker",
    description:
      "Who said it: a person, an organization (a ministry statement), or an unresolved speaker.",
  });

export const Quote = z
  .strictObject({
    ...recordBase("quote"),
    text: z.string().min(1).meta({
      description: "The quoted words as the source prints them, editorial insertions included.",
    }),
    lang: LanguageTag.meta({ description: "Language of `text`." }),
    originalLang: LanguageTag.optional().meta({
      description:
        "Language the words were spoken in, when the source says or shows it and it differs from `lang`.",
    }),
    kind: z.enum(QUOTE_KINDS).meta({
      description:
        "direct (verbatim, in quotation marks), paraphrase (the source's summary of what was said), indirect (reported speech close to the words: 'he said that…').",
      "x-parley-codelist": "closed",
    }),
    speaker: Speaker,
    saidAt: ref(
      "event",
      "The event at which the words were said (an interview, a press conference).",
    ).optional(),
    saidOn: PartialDate.optional().meta({
      description: "When the words were said or first broadcast.",
    }),
    insertions: z
      .array(EditorialInsertion)
      .optional()
      .meta({ description: "Editorial insertions in `text`." }),
    rendering: z
      .strictObject({
        of: ref("quote", "The other quote."),
        kind: z.enum(QUOTE_RENDERING_KINDS).meta({
          description:
            "variant (another wording of the same words), paraphrase (a summary of them), translation.",
          "x-parley-codelist": "closed",
        }),
      })
      .optional()
      .meta({
        description: "When this quote renders the same words as another quote: which, and how.",
      }),
  })
  .meta({
    id: "Quote",
    title: "Quote",
    description: "Words attributed to a speaker: direct, paraphrased or indirect.",
  });

export type Quote = z.infer<typeof Quote>;
