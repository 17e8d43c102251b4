/**
 * The one interface between the readers (NDJSON lines, the JSON document scanner) and the
 * engine: a reader cuts the input into record texts with their positions and hands each to
 * `record`; everything it finds wrong with the input itself goes to `report`. The engine
 * (src/engine.ts) is the sink; the readers know nothing else of it.
 */
import type { EmitKey, Finding, InputForm } from "../finding";
import type { Position, TextPositions } from "../json/position";
import type { PreciseParse } from "../json/tokenizer";
import type { Limits, ValidateOptions } from "../options";
import type { RuleId } from "../rules";
import type { VersionModule } from "../versions";

export interface RecordSink {
  readonly limits: Limits;
  readonly options: ValidateOptions;
  /** Records read so far: a reader that skips a broken record still counts it. */
  records: number;
  /** Bytes read so far (decompressed). */
  bytes: number;
  /** Set when the input cannot be read to its end. */
  aborted: boolean;
  /** The dataset's declared version (null: none declared). */
  declaredVersion: string | null;
  /** The version records are checked against (undefined: unknown version, JSON checks only). */
  mod: VersionModule | undefined;
  /** The form of the input, as the reader found it. */
  format: InputForm | null;
  /** The version assumed for an input that cannot declare one (a bare array of records). */
  assumedSchemaVersion: string | undefined;

  /**
   * Checks one record. `text` is its JSON text, `start` the position of its first character,
   * `ignorable` the number of characters of whitespace outside strings in it (0 for compact
   * NDJSON lines; the JSON document scanner counts them), `singleLineAscii` whether a column
   * is a character offset from `start`.
   */
  record(text: string, start: Position, ignorable: number, singleLineAscii?: boolean): void;
  /**
   * Checks one NDJSON record from its bytes if it can (the byte-level fast path): true when it
   * did; false leaves the record to `record` (nothing was counted or reported).
   */
  recordBytes?(bytes: Uint8Array, start: Position): boolean;
  /** An NDJSON first line: handles it and returns true when it is a dataset header. */
  header(text: string, start: Position): boolean;
  /** Sets the dataset's version from its header/metadata; reports unknown versions. */
  setDeclaredVersion(version: unknown, position: Position, pointer: string): void;
  /** No version declared: reports it once and assumes one. */
  assumeVersion(position: Position, pointer: string, context: string): void;

  report(
    ruleId: RuleId,
    position: Position,
    pointer: string,
    recordIndex: number | null,
    message: string,
    recordId?: string,
    suggestion?: string,
    emitted?: EmitKey,
  ): void;
  reportParseIssues(
    parse: PreciseParse,
    positions: TextPositions,
    index: number | null,
    recordId: string | undefined,
    pointerBase?: string,
  ): void;
  /** Marks a record as having an error. */
  markInvalid(index: number): void;
  /** Findings produced since the last call. */
  drain(): Finding[];
}
