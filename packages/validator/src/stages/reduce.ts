/**
 * The reduce stage: reads stage lines sorted by bytes (`LC_ALL=C sort`), any subset of keys,
 * and decides the cross-record rules one id at a time, as the single-process validator did:
 *
 * - the first definition of an id wins; every later one is `id-duplicate` (naming the first's
 *   type and line);
 * - a reference from a record before the first definition waited for it (at most 16 per id
 *   are kept itemised, as in one process: beyond, they are counted when the id never comes,
 *   and not checked for type when it does); from the definition on, it is checked at once;
 * - an id never defined leaves its references unresolved (`ref-dangling`, sent to the report,
 *   which adds "did you mean" from the ids of all reducers);
 * - a source's publication day is compared with the events citing it, and a format's members
 *   with the countries of the events held in it.
 *
 * Facts arrive per id with definitions first and then in file order (contract.ts), so each is
 * decided on arrival: the reducer holds the state of the current key only, O(1) per id, plus
 * up to 50,001 id names per input for suggestions. Lines for the report pass through.
 */
import { countryPointer } from "../dataset/pointers";
import {
  type DateCheck,
  type EmitKey,
  type PartPosition,
  PENDING_ITEMS_PER_ID,
  parseStageLine,
  StageInputError,
  SUGGESTION_ID_LIMIT,
  stageLine,
} from "./contract";

/** The message of a cross-record finding, as data: the report words it (it knows lines). */
export type MessageSpec =
  | ["dup", id: string, firstType: string, firstPart: number, firstLine: number]
  | ["wrong", ref: string, expected: string, actual: string]
  | ["date", source: string, eventDate: string]
  | ["fmt", country: string, format: string, members: string[]];

interface Definition {
  offset: number;
  type: string;
  part: number;
  line: number;
  published: number | null;
  members: string[] | null;
}

interface IdState {
  def: Definition | undefined;
  /** References before the definition that were itemised (as pending), by check. */
  waitingRefs: number;
  waitingDates: number;
  /** Never defined: the first reference (orders the unresolved ones as one process does). */
  firstRef: [number, number] | undefined;
  unresolved: number;
  more: number;
  moreRecords: number[];
}

export interface ReduceStats {
  lines: number;
  facts: number;
  keys: number;
  findings: number;
  unresolved: number;
}

/** Key of the reducer's own lines (they pass through any further reducer untouched). */
const OUT_KEY = "~r";
/** Records per tally line. */
const TALLY_CHUNK = 10_000;

export async function reduceLines(
  lines: AsyncIterable<string>,
  write: (text: string) => Promise<void> | void,
): Promise<ReduceStats> {
  const stats: ReduceStats = { lines: 0, facts: 0, keys: 0, findings: 0, unresolved: 0 };
  let out: string[] = [];
  let outLength = 0;
  const emit = async (line: string): Promise<void> => {
    out.push(line);
    outLength += line.length;
    if (outLength > 1 << 16) {
      const text = out.join("");
      out = [];
      outLength = 0;
      await write(text);
    }
  };
  const names = new Map<string, { count: number; names: Array<[string, string, number]> | null }>();
  let group = new Map<string, IdState>();
  let prevKey = "";
  let prevOrder = "";
  let prevLine = "";

  const finding = (
    file: string,
    ruleId: string,
    part: number,
    rel: number,
    recordId: string | null,
    pointer: string,
    pos: PartPosition,
    message: MessageSpec,
    key: EmitKey,
  ): Promise<void> => {
    stats.findings++;
    return emit(
      stageLine(OUT_KEY, "x", ["X", file, ruleId, part, rel, recordId, pointer, pos, message, key]),
    );
  };

  const closeGroup = async (): Promise<void> => {
    for (const [k, state] of group) {
      if (!state.more) continue;
      const file = k.slice(0, k.indexOf("\u0000"));
      for (let i = 0; i < state.moreRecords.length || i === 0; i += TALLY_CHUNK * 2) {
        const records = state.moreRecords.slice(i, i + TALLY_CHUNK * 2);
        const count = i === 0 ? state.more : 0;
        await emit(stageLine(OUT_KEY, "t", ["T", file, "ref-dangling", count, records]));
      }
    }
    group = new Map();
  };

  let lineNo = 0;
  for await (const raw of lines) {
    lineNo++;
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line === "") continue;
    stats.lines++;
    if (line.startsWith("~")) {
      await emit(`${line}\n`);
      continue;
    }
    const parsed = parseStageLine(line);
    if (!parsed)
      throw new StageInputError(`line ${lineNo}: not a stage line (KEY<TAB>ORDER<TAB>JSON)`);
    const { key, order, value } = parsed;
    if (key < prevKey || (key === prevKey && order < prevOrder)) {
      throw new StageInputError(
        `line ${lineNo}: the input is not sorted (key ${key} after ${prevKey}); sort the map output by bytes first: LC_ALL=C sort`,
      );
    }
    if (line === prevLine) {
      throw new StageInputError(
        `line ${lineNo}: the same fact twice; was a part mapped twice? (${line.slice(0, 120)})`,
      );
    }
    if (key !== prevKey) {
      await closeGroup();
      stats.keys++;
    }
    prevKey = key;
    prevOrder = order;
    prevLine = line;
    stats.facts++;
    const kind = value[0];
    const offset = Number.parseInt(order.slice(1, 13), 16);
    const seq = Number.parseInt(order.slice(13), 16);
    const file = value[1] as string;
    const part = value[2] as number;
    const rel = value[3] as number;
    if (kind === "d") {
      const [, , , , relLine, type, id, idPos, published, members] = value as [
        string,
        string,
        number,
        number,
        number,
        string,
        string,
        PartPosition | null,
        number | null,
        string[] | null,
      ];
      const state = stateOf(group, file, id);
      if (!state.def) {
        state.def = { offset, type, part, line: relLine, published, members };
        let seen = names.get(file);
        if (!seen) {
          seen = { count: 0, names: [] };
          names.set(file, seen);
        }
        seen.count++;
        if (seen.names) {
          if (seen.names.length < SUGGESTION_ID_LIMIT) seen.names.push([id, type, offset]);
          else seen.names = null;
        }
      } else if (idPos) {
        const first = state.def;
        await finding(
          file,
          "id-duplicate",
          part,
          rel,
          id,
          "/id",
          idPos,
          ["dup", id, first.type, first.part, first.line],
          [offset, 1],
        );
      }
      continue;
    }
    if (kind === "m") {
      const [, , , , recordId, format, link, countries, participants, positions] = value as [
        string,
        string,
        number,
        number,
        string | null,
        string,
        number,
        string[],
        number[],
        PartPosition[],
      ];
      const def = stateOf(group, file, format).def;
      if (def?.type !== "format" || !def.members) continue;
      const members = new Set(def.members);
      for (let j = 0; j < countries.length; j++) {
        const country = countries[j] as string;
        if (members.has(country)) continue;
        const when: EmitKey =
          offset > def.offset ? [offset, 5, link, j] : [def.offset, 2, 2, offset, link, j];
        await finding(
          file,
          "format-members-participants",
          part,
          rel,
          recordId,
          countryPointer(participants[j] as number),
          positions[j] as PartPosition,
          ["fmt", country, format, def.members],
          when,
        );
      }
      continue;
    }
    if (kind === "r") {
      const [, , , , recordId, ref, target, pointer, pos, checks, date] = value as [
        string,
        string,
        number,
        number,
        string | null,
        string,
        string,
        string,
        PartPosition,
        number,
        DateCheck | null,
      ];
      const state = stateOf(group, file, ref);
      const def = state.def;
      if (def) {
        // Checked at once when the id was known as this record was read; otherwise when it
        // arrived, if this check was among the itemised ones that waited for it. The two
        // moments differ only in when one process reported the finding.
        const atOnce = offset >= def.offset;
        const when = (step: number): EmitKey =>
          atOnce ? [offset, 3, seq] : [def.offset, 2, step, offset, seq];
        const typeChecked =
          (checks & 1) !== 0 && (atOnce || state.waitingRefs++ < PENDING_ITEMS_PER_ID);
        const dateChecked =
          (checks & 2) !== 0 &&
          date !== null &&
          (atOnce || state.waitingDates++ < PENDING_ITEMS_PER_ID);
        if (def.type !== target) {
          if (typeChecked)
            await finding(
              file,
              "ref-wrong-type",
              part,
              rel,
              recordId,
              pointer,
              pos,
              ["wrong", ref, target, def.type],
              when(0),
            );
        } else if (
          dateChecked &&
          def.type === "source" &&
          def.published !== null &&
          def.published < (date as DateCheck)[0]
        ) {
          const [, eventDate, citation, citationPos] = date as DateCheck;
          await finding(
            file,
            "source-published-before-event",
            part,
            rel,
            recordId,
            citation,
            citationPos,
            ["date", ref, eventDate],
            when(1),
          );
        }
        continue;
      }
      // Never defined (definitions come first): unresolved.
      if (!(checks & 1)) continue;
      state.firstRef ??= [offset, seq];
      if (state.unresolved < PENDING_ITEMS_PER_ID) {
        state.unresolved++;
        stats.unresolved++;
        await emit(
          stageLine(OUT_KEY, "u", [
            "D",
            file,
            part,
            rel,
            recordId,
            ref,
            target,
            pointer,
            pos,
            [...state.firstRef, offset, seq],
          ]),
        );
      } else {
        state.more++;
        state.moreRecords.push(part, rel);
      }
      continue;
    }
    throw new StageInputError(`line ${lineNo}: unknown fact '${String(kind)}'`);
  }
  await closeGroup();
  for (const [file, seen] of names) {
    await emit(stageLine(OUT_KEY, "n", ["N", file, seen.count, seen.names]));
  }
  if (out.length) await write(out.join(""));
  return stats;
}

function stateOf(group: Map<string, IdState>, file: string, id: string): IdState {
  const k = `${file}\u0000${id}`;
  let state = group.get(k);
  if (!state) {
    state = {
      def: undefined,
      waitingRefs: 0,
      waitingDates: 0,
      firstRef: undefined,
      unresolved: 0,
      more: 0,
      moreRecords: [],
    };
    group.set(k, state);
  }
  return state;
}
