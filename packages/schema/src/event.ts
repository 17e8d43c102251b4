import { z } from "zod";
import { ActorRef, OrganizationRef } from "./actor";
import { Citations } from "./citation";
import {
  EVENT_KINDS,
  EVENT_MODES,
  EVENT_RELATIONS,
  FORMAT_LINKS,
  OUTCOME_KINDS,
  TOPICS,
} from "./codelists";
import { Codings } from "./coding";
import { recordBase } from "./common";
import { PartialDate } from "./date";
import { Participant } from "./participant";
import { CountryCode, ExternalIdentifiers, GeoNamesId, ref } from "./primitives";

export const Location = z
  .strictObject({
    name: z.string().min(1).optional().meta({
      description: "City or place name as the source gives it ('Moscow', 'Astana').",
    }),
    country: CountryCode.optional(),
    geonames: GeoNamesId.optional(),
    coordinates: z
      .strictObject({
        latitude: z.number().min(-90).max(90).meta({ description: "WGS 84 latitude in degrees." }),
        longitude: z
          .number()
          .min(-180)
          .max(180)
          .meta({ description: "WGS 84 longitude in degrees." }),
      })
      .optional()
      .meta({ description: "Point coordinates, when known." }),
  })
  .meta({ id: "Location", description: "Where an event took place." });

export const Outcome = z
  .strictObject({
    text: z.string().min(1).meta({
      description: "The outcome or stance in words close to the source's.",
    }),
    kind: z.enum(OUTCOME_KINDS).meta({
      description:
        "assessment (the sides evaluated or were satisfied with…), commitment, agreement, discussion (they reviewed, devoted attention to…), stance, other.",
      "x-parley-codelist": "open",
    }),
    attributedTo: z.array(ActorRef).min(1).optional().meta({
      description:
        "Who holds or states it. Absent: all the event's participants jointly ('the sides', 'the parties').",
    }),
    about: z.array(ActorRef).min(1).optional().meta({
      description:
        "Since 1.2. The actors the outcome is about or directed at, when they are not simply the participants: the country a stance criticises, the organization a commitment concerns (PLOVER recipient, schema.org about).",
    }),
    citations: Citations,
  })
  .meta({
    id: "Outcome",
    description: "An outcome of an event or a stance taken in it, as attributed text.",
  });

export const EventRelation = z
  .strictObject({
    relation: z.enum(EVENT_RELATIONS).meta({
      description:
        "How this event relates to the other: reviews-results-of, part-of, follow-up-to, preparation-for, related-to.",
      "x-parley-codelist": "open",
    }),
    event: ref("event", "The other event."),
    citations: Citations,
  })
  .meta({ id: "EventRelation", description: "A typed link from this event to another." });

export const FormatLink = z
  .strictObject({
    format: ref("format", "The diplomatic format."),
    link: z.enum(FORMAT_LINKS).meta({
      description:
        "held-in: the event is a meeting of the format (its summit, its ministerial); discussed: the event talked about cooperation in the format.",
      "x-parley-codelist": "closed",
    }),
    citations: Citations.meta({
      description:
        "Since 1.2. The sources behind the link; certainty 'inferred' when the editor made it.",
    }),
  })
  .meta({ id: "FormatLink", description: "A format the event belongs to or discussed." });

export const Event = z
  .strictObject({
    ...recordBase("event"),
    kind: z.enum(EVENT_KINDS).meta({
      description:
        "What sort of event: meeting, summit, visit, call, interview, press-conference, statement, negotiation, other.",
      "x-parley-codelist": "open",
    }),
    mode: z.enum(EVENT_MODES).optional().meta({
      description:
        "How the participants met: in-person, virtual, phone, mixed. Absent when the source does not say.",
      "x-parley-codelist": "closed",
    }),
    title: z.string().min(1).optional().meta({ description: "A short human title." }),
    date: PartialDate.optional().meta({
      description: "When the event took place (its first day). Absent when no source dates it.",
    }),
    endDate: PartialDate.optional().meta({
      description:
        "The last day of a multi-day event. Never before `date` (rule event-end-before-start).",
    }),
    // Since 1.1: sources often date an event only by something that came after it ("in an
    // interview broadcast on November 12"), which `date` cannot say without claiming that day.
    notBefore: PartialDate.optional().meta({
      description:
        "Since 1.1. The earliest the event can have taken place, when no source gives its date but one bounds it (it reviewed a summit of October 14, so it came after). Inclusive. Use `date` when the date is known.",
    }),
    notAfter: PartialDate.optional().meta({
      description:
        "Since 1.1. The latest the event can have taken place, when no source gives its date but one bounds it: an interview broadcast on November 12 was recorded on or before that day. Inclusive. Use `date` when the date is known.",
    }),
    ordinal: z.int().min(1).optional().meta({
      description:
        "Its place in the series of events of this kind in its format: 1 for the format's first summit.",
    }),
    location: Location.optional(),
    participants: z.array(Participant).optional().meta({ description: "Who took part." }),
    formats: z
      .array(FormatLink)
      .optional()
      .meta({ description: "Diplomatic formats the event was held in or discussed." }),
    organizations: z.array(OrganizationRef).optional().meta({
      description:
        "Organizations discussed or whose framework the event addressed (not participants).",
    }),
    topics: z
      .array(z.enum(TOPICS).meta({ "x-parley-codelist": "open" }))
      .optional()
      .meta({ description: "Topics from the Parley controlled vocabulary." }),
    tags: z.array(z.string().min(1)).optional().meta({
      description: "Free keywords that the vocabulary lacks ('Aral Sea', 'South Caucasus').",
    }),
    outcomes: z
      .array(Outcome)
      .optional()
      .meta({ description: "Outcomes and stances, attributed." }),
    relations: z.array(EventRelation).optional().meta({ description: "Links to other events." }),
    codes: z
      .strictObject({
        cameo: z
          .string()
          .regex(/^\d{2,4}$/)
          .optional()
          .meta({ description: "CAMEO event code, e.g. '040' or '0421'." }),
        plover: z
          .string()
          .regex(/^[A-Z]+$/)
          .optional()
          .meta({ description: "PLOVER event type, e.g. 'CONSULT'." }),
        ploverMode: z
          .string()
          .min(1)
          .optional()
          .meta({ description: "PLOVER mode of the event type, e.g. 'visit', 'third-party'." }),
      })
      .optional()
      .meta({
        description:
          "Codes of event coding schemes, for interchange with CAMEO- and PLOVER-coded data: one code per scheme. Since 1.2, `codings` holds any number of codes with their provenance.",
      }),
    codings: Codings,
    identifiers: ExternalIdentifiers.optional().meta({
      description:
        "Since 1.2. The event's ids in other systems: GDELT GlobalEventID, PLOVER/POLECAT ids, Wikidata (`other: [{ scheme: 'gdelt', value: '…' }]`).",
    }),
  })
  .meta({
    id: "Event",
    title: "Event",
    description:
      "A diplomatic event as reported: a meeting, summit, visit, call, interview, press conference, statement or negotiation.",
  });

export type Event = z.infer<typeof Event>;
