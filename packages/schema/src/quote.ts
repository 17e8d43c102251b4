import { z } from "zod";
import { ActorRef, OrganizationRef, PersonRef, PostRef, UnresolvedActor } from "./actor";
import { Citations } from "./citation";
import { QUOTE_KINDS, QUOTE_RENDERING_KINDS } from "./codelists";
import { Codings } from "./coding";
import { recordBase } from "./common";
import { PartialDate } from "./date";
import { ExternalIdentifiers, LanguageTag, ref } from "./primitives";

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
    // Since 1.2: "the ambassador of Kazakhstan said", the office named and the person not.
    z.strictObject({ post: PostRef }),
  ])
  .meta({
    id: "Speaker",
    description:
      "Who said it: a person, an organization (a ministry statement), an unresolved speaker, or (since 1.2) the holder of a post when the source names the office and not the person.",
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
        "Language the words were spoken in, when the source says or shows it and it differs from `lang`. Since 1.2 it may be inferred: see `originalLangBasis`.",
    }),
    kind: z.enum(QUOTE_KINDS).meta({
      description:
        "direct: the source gives the words as the speaker's own, verbatim, in quotation marks (or a transcript). indirect: reported speech that renders one statement clause by clause, changing only what reported speech changes (person, tense, 'here'/'there'): 'he said that the EU was not hiding its intentions'. paraphrase: the source's own wording of what was said: it condenses, merges, characterises ('accused', 'noted that the bloc was failing') or rewords a statement that it or another source gives more fully. A that-clause is indirect only if undoing person and tense would give back the words; otherwise it is a paraphrase. Since 1.2 this sharper wording decides the cases 1.0's wording left to both.",
      "x-parley-codelist": "closed",
    }),
    speaker: Speaker,
    saidAt: ref(
      "event",
      "The event at which the words were said (an interview, a press conference).",
    ).optional(),
    saidOn: PartialDate.optional().meta({
      description:
        "When the words were said or first broadcast. Since 1.2, when only a later day is known (the broadcast of a recorded interview), use `notAfter` instead.",
    }),
    notBefore: PartialDate.optional().meta({
      description:
        "Since 1.2. The earliest the words can have been said, when no source gives the day but one bounds it. Inclusive. Use `saidOn` when the day is known.",
    }),
    notAfter: PartialDate.optional().meta({
      description:
        "Since 1.2. The latest the words can have been said, when no source gives the day but one bounds it: words from an interview broadcast on November 12 were said on or before that day. Inclusive. Use `saidOn` when the day is known.",
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
        citations: Citations.meta({
          description:
            "Since 1.2. The sources behind the link; certainty 'inferred' when the editor matched the two renderings.",
        }),
      })
      .optional()
      .meta({
        description: "When this quote renders the same words as another quote: which, and how.",
      }),
    // Since 1.2.
    about: z.array(ActorRef).min(1).optional().meta({
      description:
        "Since 1.2. The actors the words are about or directed at: the organization criticised, the country addressed (PLOVER recipient, schema.org about). Not every actor mentioned: the ones the statement concerns.",
    }),
    originalLangBasis: z.string().min(1).optional().meta({
      description:
        "Since 1.2. Present when `originalLang` is inferred rather than stated or shown by the source: why it has that value, in a sentence (as a date's `basis`).",
    }),
    codings: Codings,
    identifiers: ExternalIdentifiers.optional().meta({
      description: "Since 1.2. The quote's ids in other systems.",
    }),
  })
  .meta({
    id: "Quote",
    title: "Quote",
    description: "Words attributed to a speaker: direct, paraphrased or indirect.",
  });

export type Quote = z.infer<typeof Quote>;
