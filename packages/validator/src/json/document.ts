/**
 * Streams a JSON-form dataset `{schemaVersion, …metadata, records: [ … ]}` without holding it:
 * a scanner walks the decoded text once, tracking line, column and byte offset, cuts each
 * element of `records` out as text and hands it to the engine as soon as it is complete.
 * Metadata members (small, bounded by `limits.maxMetadataBytes`) are kept and checked at the
 * end against the version's dataset JSON Schema.
 *
 * Inside records it only tracks strings and bracket depth; the record's own text is then
 * parsed and checked like an NDJSON line, so the grammar is decided by JSON.parse and the
 * precise tokenizer, not here. Outside records a grammar error stops the reading: nothing after
 * it could be trusted.
 */
import { Explainer } from "../explain";
import { escapePointerToken } from "../finding";
import type { RecordSink } from "../readers/record-sink";
import type { RuleId } from "../rules";
import { LATEST_SCHEMA_VERSION, versionModule } from "../versions";
import { type Position, TextPositions } from "./position";
import { parsePrecise } from "./tokenizer";

enum S {
  BeforeRoot = 0,
  RootKeyOrEnd = 1,
  RootKey = 2,
  RootColon = 3,
  RootValue = 4,
  RootAfterValue = 5,
  RecordsFirst = 6,
  RecordsAfter = 7,
  RecordsNext = 8,
  AfterRoot = 9,
  Capture = 10,
}

enum Cap {
  Key = 0,
  Meta = 1,
  Record = 2,
}

interface MetaMember {
  text: string;
  start: Position;
  keyStart: Position;
}

export class JsonDocumentScanner {
  private state: S = S.BeforeRoot;
  private line = 1;
  private column = 1;
  private offset: number;
  // capture
  private cap: Cap = Cap.Key;
  private capAfter: S = S.RootColon;
  private capParts: string[] = [];
  private capStart: Position = { line: 1, column: 1, offset: 0 };
  private capIgnorable = 0;
  private capDepth = 0;
  private capInString = false;
  private capEscape = false;
  private capScalar = false;
  private capOversized = false;
  // document
  private key = "";
  private keyStart: Position = { line: 1, column: 1, offset: 0 };
  private readonly meta = new Map<string, MetaMember>();
  private recordsSeen = false;
  private assumedVersion: string | undefined;
  /** The root is an array of records (no dataset object around them, as PLOVER publishes). */
  private bareArray = false;

  constructor(
    private readonly run: RecordSink,
    baseOffset: number,
  ) {
    this.offset = baseOffset;
  }

  position(): Position {
    return { line: this.line, column: this.column, offset: this.offset };
  }

  private fail(message: string, rule: RuleId = "json-syntax"): false {
    this.run.report(rule, this.position(), "", null, message);
    return false;
  }

  /** Scans one piece of text; false when reading must stop (a grammar error outside records). */
  feed(text: string): boolean {
    const n = text.length;
    let capPieceStart = this.state === S.Capture ? 0 : -1;
    let i = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (this.state === S.Capture) {
        let endBefore = false;
        let endAfter = false;
        if (this.capInString) {
          if (this.capEscape) this.capEscape = false;
          else if (c === 0x5c) this.capEscape = true;
          else if (c === 0x22) {
            this.capInString = false;
            if (this.capDepth === 0) endAfter = true;
          }
        } else if (c === 0x22) {
          if (this.capScalar) endBefore = true;
          else this.capInString = true;
        } else if (c === 0x7b || c === 0x5b) {
          if (this.capScalar) endBefore = true;
          else this.capDepth++;
        } else if (c === 0x7d || c === 0x5d) {
          if (this.capDepth === 0) endBefore = true;
          else if (--this.capDepth === 0) endAfter = true;
        } else if (c === 0x2c) {
          if (this.capDepth === 0) endBefore = true;
        } else if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
          if (this.capDepth === 0) endBefore = true;
          else this.capIgnorable++;
        } else if (this.capDepth === 0) {
          this.capScalar = true;
        }
        if (endBefore) {
          const ok = this.finishCapture(this.capOversized ? "" : text.slice(capPieceStart, i));
          capPieceStart = -1;
          if (!ok) return false;
          continue; // re-read this character in the state after the value
        }
        this.advance(c);
        i++;
        if (endAfter) {
          const ok = this.finishCapture(this.capOversized ? "" : text.slice(capPieceStart, i));
          capPieceStart = -1;
          if (!ok) return false;
        }
        continue;
      }
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        this.advance(c);
        i++;
        continue;
      }
      switch (this.state) {
        case S.BeforeRoot:
          if (c === 0x5b) {
            this.startBareArray();
            this.state = S.RecordsFirst;
            break;
          }
          if (c !== 0x7b) {
            return this.fail(
              `Unexpected '${text[i]}': a JSON dataset starts with '{' (a dataset object) or '[' (a bare array of records)`,
            );
          }
          this.state = S.RootKeyOrEnd;
          break;
        case S.RootKeyOrEnd:
        case S.RootKey:
          if (c === 0x7d && this.state === S.RootKeyOrEnd) {
            this.state = S.AfterRoot;
            break;
          }
          if (c !== 0x22)
            return this.fail(
              `Unexpected '${text[i]}': a property name in double quotes was expected`,
            );
          this.keyStart = this.position();
          this.startCapture(Cap.Key, S.RootColon);
          capPieceStart = i;
          continue;
        case S.RootColon:
          if (c !== 0x3a)
            return this.fail(`Unexpected '${text[i]}': ':' was expected after the property name`);
          this.state = S.RootValue;
          break;
        case S.RootValue:
          if (this.key === "records" && c === 0x5b) {
            this.startRecords();
            this.state = S.RecordsFirst;
            break;
          }
          if (this.key === "records") {
            this.run.report(
              "dataset-structure",
              this.position(),
              "/records",
              null,
              "'records' must be an array of records",
            );
          }
          this.startCapture(Cap.Meta, S.RootAfterValue);
          capPieceStart = i;
          continue;
        case S.RootAfterValue:
          if (c === 0x2c) this.state = S.RootKey;
          else if (c === 0x7d) this.state = S.AfterRoot;
          else return this.fail(`Unexpected '${text[i]}': ',' or '}' was expected`);
          break;
        case S.RecordsFirst:
        case S.RecordsNext:
          if (c === 0x5d) {
            if (this.state === S.RecordsNext)
              return this.fail("Unexpected ']': a record was expected after ',' (trailing comma)");
            this.state = this.bareArray ? S.AfterRoot : S.RootAfterValue;
            break;
          }
          if (c === 0x2c) return this.fail("Unexpected ',': a record was expected");
          this.startCapture(Cap.Record, S.RecordsAfter);
          capPieceStart = i;
          continue;
        case S.RecordsAfter:
          if (c === 0x2c) this.state = S.RecordsNext;
          else if (c === 0x5d) this.state = this.bareArray ? S.AfterRoot : S.RootAfterValue;
          else
            return this.fail(
              `Unexpected '${text[i]}' after a record: ',' or ']' was expected (a record's brackets may be unbalanced)`,
            );
          break;
        case S.AfterRoot:
          return this.fail(`Unexpected '${text[i]}' after the end of the JSON document`);
      }
      this.advance(c);
      i++;
    }
    if (this.state === S.Capture && capPieceStart >= 0 && !this.capOversized) {
      this.capParts.push(text.slice(capPieceStart));
      const limit =
        this.cap === Cap.Record ? this.run.limits.maxRecordBytes : this.run.limits.maxMetadataBytes;
      if (this.offset - this.capStart.offset > limit) {
        this.capOversized = true;
        this.capParts = [];
      }
    }
    return true;
  }

  private advance(c: number): void {
    if (c === 0x0a) {
      this.line++;
      this.column = 1;
      this.offset++;
      return;
    }
    this.column++;
    this.offset += c < 0x80 ? 1 : c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 2 : 3;
  }

  private startCapture(kind: Cap, after: S): void {
    this.state = S.Capture;
    this.cap = kind;
    this.capAfter = after;
    this.capParts = [];
    this.capStart = this.position();
    this.capIgnorable = 0;
    this.capDepth = 0;
    this.capInString = false;
    this.capEscape = false;
    this.capScalar = false;
    this.capOversized = false;
  }

  private finishCapture(lastPart: string): boolean {
    const text = this.capOversized
      ? ""
      : this.capParts.length
        ? this.capParts.join("") + lastPart
        : lastPart;
    this.capParts = [];
    this.state = this.capAfter;
    const limit =
      this.cap === Cap.Record ? this.run.limits.maxRecordBytes : this.run.limits.maxMetadataBytes;
    const oversized = this.capOversized || this.offset - this.capStart.offset > limit;
    switch (this.cap) {
      case Cap.Key: {
        let key: string;
        try {
          key = JSON.parse(text) as string;
        } catch {
          return this.fail("Invalid property name");
        }
        if (this.meta.has(key) || (key === "records" && this.recordsSeen)) {
          this.run.report(
            "json-duplicate-key",
            this.keyStart,
            `/${escapePointerToken(key)}`,
            null,
            `Duplicate key '${key}': JSON.parse would silently keep only the last value`,
          );
        }
        this.key = key;
        return true;
      }
      case Cap.Meta: {
        if (oversized) {
          this.run.report(
            "json-size-limit",
            this.capStart,
            `/${escapePointerToken(this.key)}`,
            null,
            `The metadata value is larger than ${limit} bytes (limits.maxMetadataBytes)`,
          );
          return true;
        }
        this.meta.set(this.key, { text, start: this.capStart, keyStart: this.keyStart });
        if (this.key === "schemaVersion") this.onVersion(text);
        return true;
      }
      case Cap.Record: {
        if (oversized) {
          const index = this.run.records++;
          this.run.report(
            "json-size-limit",
            this.capStart,
            "",
            index,
            `The record is larger than ${limit} bytes (limits.maxRecordBytes); it is skipped without being kept in memory`,
          );
          return true;
        }
        this.run.record(text, this.capStart, this.capIgnorable);
        return true;
      }
    }
  }

  private onVersion(text: string): void {
    let version: unknown;
    try {
      version = JSON.parse(text);
    } catch {
      return; // reported with the metadata
    }
    const pos = this.capStart;
    if (this.recordsSeen) {
      if (typeof version === "string" && version !== this.assumedVersion) {
        this.run.report(
          "schema-version-mismatch",
          pos,
          "/schemaVersion",
          null,
          `schemaVersion '${version}' comes after the records, which were checked against ${this.assumedVersion ?? "no version"}; put schemaVersion before records`,
        );
      }
      if (typeof version === "string") this.run.declaredVersion = version;
      return;
    }
    this.run.setDeclaredVersion(version, pos, "/schemaVersion");
  }

  private startRecords(): void {
    if (this.recordsSeen) {
      this.run.report(
        "json-duplicate-key",
        this.keyStart,
        "/records",
        null,
        "Duplicate key 'records'",
      );
    }
    this.recordsSeen = true;
    if (this.run.declaredVersion === null && this.run.mod === undefined) {
      // The version is not known yet (it may follow the records): check against the default
      // and say so at the end if the document declares another one, or none.
      this.assumedVersion = this.run.options.defaultSchemaVersion ?? LATEST_SCHEMA_VERSION;
      this.run.mod = versionModule(this.assumedVersion);
    } else {
      this.assumedVersion = this.run.declaredVersion ?? undefined;
    }
  }

  /**
   * A bare array declares no version: its records are checked against `--schema-version`
   * (`defaultSchemaVersion`) or else the latest version, which the summary states
   * (`assumedSchemaVersion`) rather than reporting a missing version as an error — an array
   * has nowhere to declare one.
   */
  private startBareArray(): void {
    this.bareArray = true;
    this.recordsSeen = true;
    this.run.format = "json-array";
    const version = this.run.options.defaultSchemaVersion ?? LATEST_SCHEMA_VERSION;
    this.run.assumedSchemaVersion = version;
    this.run.mod = versionModule(version);
  }

  /** End of input: reports truncation, then checks the metadata. */
  end(): void {
    if (this.state !== S.AfterRoot) {
      const inRecord = this.state === S.Capture && this.cap === Cap.Record;
      this.fail(
        this.state === S.BeforeRoot
          ? "The input holds no JSON value"
          : `Unexpected end of input: the JSON document is truncated${inRecord ? ` inside record ${this.run.records} (0-based), which is lost` : ""}`,
      );
      this.run.aborted = true;
      return;
    }
    if (this.bareArray) return; // no metadata around the records
    if (!this.recordsSeen) {
      this.run.report(
        "dataset-structure",
        { line: 1, column: 1, offset: 0 },
        "",
        null,
        "The JSON dataset has no 'records' array",
      );
    }
    this.checkMetadata();
  }

  private checkMetadata(): void {
    const run = this.run;
    const metadata: Record<string, unknown> = {};
    const broken = new Set<string>();
    for (const [key, member] of this.meta) {
      const p = parsePrecise(member.text, run.limits.maxDepth);
      run.reportParseIssues(
        p,
        new TextPositions(member.text, member.start),
        null,
        undefined,
        `/${escapePointerToken(key)}`,
      );
      if (!p.complete) {
        broken.add(key);
        continue;
      }
      Object.defineProperty(metadata, key, {
        value: p.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    const versionMissing = !this.meta.has("schemaVersion");
    if (versionMissing && this.run.options.defaultSchemaVersion === undefined) {
      run.report(
        "schema-version-missing",
        { line: 1, column: 1, offset: 0 },
        "",
        null,
        `The JSON dataset does not declare schemaVersion; records were checked against ${this.assumedVersion ?? LATEST_SCHEMA_VERSION}`,
      );
    }
    const mod = versionModule(run.declaredVersion ?? this.assumedVersion ?? LATEST_SCHEMA_VERSION);
    if (!mod) return;
    metadata.records = [];
    const explainer = new Explainer(mod.DATASET_SCHEMA as unknown as Record<string, unknown>);
    for (const issue of explainer.explain(metadata)) {
      if (issue.pointer.startsWith("/records")) continue;
      if (
        versionMissing &&
        issue.ruleId === "schema-required" &&
        issue.message.includes("'schemaVersion'")
      )
        continue;
      const key = issue.pointer.split("/")[1] ?? "";
      const topKey = key.replace(/~1/g, "/").replace(/~0/g, "~");
      if (broken.has(topKey)) continue;
      const member = this.meta.get(topKey);
      let position: Position = { line: 1, column: 1, offset: 0 };
      if (member) {
        if (issue.atKey && issue.pointer === `/${key}`) position = member.keyStart;
        else {
          const p = parsePrecise(member.text, run.limits.maxDepth);
          const rest = issue.pointer.slice(key.length + 1);
          const at = (issue.atKey ? p.keyAt.get(rest) : undefined) ?? p.valueAt.get(rest) ?? 0;
          position = new TextPositions(member.text, member.start).at(at);
        }
      }
      run.report(
        issue.ruleId,
        position,
        issue.pointer,
        null,
        issue.message,
        undefined,
        issue.suggestion,
      );
    }
  }
}
