import { codeFrame, type Finding, type ValidationSummary } from "@parley/validator";
import type { ViewContext } from "../context";
import { filePicker, h, render } from "../dom";
import { groupFindings } from "../logic/findings";
import type { FindingLine } from "../logic/frames";
import type { FromWorker, ToWorker } from "../worker/protocol";
import { badge, emptyNote } from "./common";

/**
 * Inputs up to this size can be opened in the explore views after validation. They are parsed
 * in the data worker, but the whole dataset is held in memory there (a few times its size).
 */
const EXPLORE_LIMIT_BYTES = 512 * 1024 * 1024;

interface Session {
  worker: Worker;
  blob: Blob;
  name: string;
  nextRequest: number;
  pending: Map<number, (message: FromWorker) => void>;
}

let session: Session | undefined;
/** The last result survives navigation between views. */
let lastResult:
  | {
      name: string;
      blob: Blob;
      findings: Finding[];
      lines: (FindingLine | null)[];
      summary: ValidationSummary;
      validationMs: number;
      elapsedMs: number;
    }
  | undefined;

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function validateView(ctx: ViewContext): Node {
  const status = h("div", { class: "status", role: "status", "aria-live": "polite" });
  const progress = h("progress", {
    max: "1",
    value: "0",
    "aria-label": "Validation progress",
    hidden: true,
  });
  const cancel = h("button", { type: "button", hidden: true }, "Cancel");
  const results = h("div", { class: "results-area" });
  const recordPanel = h("section", {
    class: "record-panel",
    "aria-labelledby": "record-title",
    hidden: true,
  });

  const fileInput = h("input", {
    type: "file",
    id: "file-input",
    accept: ".json,.ndjson,.jsonl,.gz,application/json,application/gzip",
  });
  const drop = h(
    "div",
    { class: "dropzone", "data-testid": "dropzone" },
    h("p", null, "Drop a dataset here (JSON, NDJSON, or either gzipped), or"),
    filePicker(fileInput, "Choose a file…"),
  );
  const paste = h("textarea", {
    id: "paste",
    rows: "6",
    spellcheck: "false",
    placeholder: '{"schemaVersion": "1.0", "title": "…", "records": []}',
  });
  const pasteButton = h("button", { type: "button" }, "Validate pasted text");

  const start = (blob: Blob, name: string) => {
    session?.worker.terminate();
    const worker = new Worker(new URL("../worker/validate.worker.ts", import.meta.url), {
      type: "module",
    });
    const current: Session = { worker, blob, name, nextRequest: 1, pending: new Map() };
    session = current;
    render(results);
    recordPanel.hidden = true;
    progress.hidden = false;
    progress.value = 0;
    cancel.hidden = false;
    render(status, `Validating ${name} (${formatBytes(blob.size)})…`);
    worker.onmessage = (event: MessageEvent<FromWorker>) => {
      const message = event.data;
      if (message.type === "progress") {
        progress.value = message.totalBytes ? message.readBytes / message.totalBytes : 0;
        progress.setAttribute("aria-valuetext", `${Math.round(progress.value * 100)} %`);
        render(
          status,
          `Validating ${name}: ${formatBytes(message.readBytes)} of ${formatBytes(message.totalBytes)}, ${message.records.toLocaleString("en")} records`,
        );
      } else if (message.type === "done") {
        progress.value = 1;
        cancel.hidden = true;
        lastResult = {
          name,
          blob,
          findings: message.findings,
          lines: message.lines,
          summary: message.summary,
          validationMs: message.validationMs,
          elapsedMs: message.elapsedMs,
        };
        showResult(ctx, results, status, recordPanel);
      } else if (message.type === "failed") {
        cancel.hidden = true;
        render(status, h("span", { class: "error" }, `Validation failed: ${message.message}`));
      } else {
        const resolve = current.pending.get(message.requestId);
        current.pending.delete(message.requestId);
        resolve?.(message);
      }
    };
    worker.onerror = (event) => {
      cancel.hidden = true;
      render(
        status,
        h(
          "span",
          { class: "error" },
          `Validation failed: ${event.message || "the worker stopped"}`,
        ),
      );
    };
    worker.postMessage({ type: "validate", blob, name } satisfies ToWorker);
  };

  fileInput.addEventListener("change", () => {
    const file = fileInput.files?.[0];
    if (file) start(file, file.name);
  });
  pasteButton.addEventListener("click", () => {
    if (!paste.value.trim()) {
      render(status, "Paste a dataset first.");
      paste.focus();
      return;
    }
    start(new Blob([paste.value], { type: "application/json" }), "pasted text");
  });
  cancel.addEventListener("click", () => {
    session?.worker.terminate();
    session = undefined;
    cancel.hidden = true;
    progress.hidden = true;
    render(status, "Validation cancelled.");
  });
  drop.addEventListener("dragover", (event) => {
    event.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("over");
    const file = event.dataTransfer?.files[0];
    if (file) start(file, file.name);
  });

  const view = h(
    "section",
    { class: "view validate-view" },
    h("h1", { id: "view-title", tabindex: "-1" }, "Validate a dataset"),
    h(
      "p",
      { class: "hint" },
      "Validation runs in your browser, in a background worker; nothing is uploaded.",
    ),
    h(
      "div",
      { class: "inputs" },
      drop,
      h(
        "div",
        { class: "paste" },
        h("label", { for: "paste" }, "Or paste a dataset"),
        paste,
        pasteButton,
      ),
    ),
    h("div", { class: "progress-row" }, progress, cancel),
    status,
    h("div", { class: "validate-layout" }, results, recordPanel),
  );
  if (lastResult) showResult(ctx, results, status, recordPanel);
  return view;
}

function request(message: ToWorker & { requestId: number }): Promise<FromWorker> {
  return new Promise((resolve, reject) => {
    if (!session) return reject(new Error("The validation worker is gone; validate again."));
    session.pending.set(message.requestId, resolve);
    session.worker.postMessage(message);
  });
}

function download(text: string, mediaType: string, filename: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mediaType }));
  const a = h("a", { href: url, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function showResult(
  ctx: ViewContext,
  results: HTMLElement,
  status: HTMLElement,
  recordPanel: HTMLElement,
): void {
  const result = lastResult;
  if (!result) return;
  const { summary, findings, lines } = result;
  const errors = summary.counts.error;
  const warnings = summary.counts.warning;
  render(
    status,
    h(
      "p",
      {
        class: errors ? "verdict invalid" : "verdict valid",
        "data-testid": "verdict",
        // To the millisecond, for the end-to-end speed comparison with Node: the whole run,
        // and the validator's pass alone (without cutting out the findings' code frames).
        "data-elapsed-ms": String(result.elapsedMs),
        "data-validation-ms": String(result.validationMs),
      },
      errors ? "Invalid: " : "Valid: ",
      `${summary.records.toLocaleString("en")} records in ${result.name} (${summary.format ?? "unknown format"}${summary.compressed ? ", gzip" : ""}, ${formatBytes(summary.bytes)}) — `,
      `${errors} errors, ${warnings} warnings, ${summary.counts.info} notes`,
      ` in ${(result.elapsedMs / 1000).toFixed(1)} s.`,
      summary.capped
        ? ` Only the first ${summary.reported} findings are listed; the counts include all.`
        : "",
    ),
  );
  const baseName =
    result.name.replace(/\.(gz)$/, "").replace(/\.(json|ndjson|jsonl)$/, "") || "dataset";
  const reportButton = (format: "json" | "sarif", label: string) => {
    const button = h("button", { type: "button" }, label);
    button.addEventListener("click", async () => {
      const requestId = session ? session.nextRequest++ : 0;
      try {
        const reply = await request({ type: "report", requestId, format });
        if (reply.type === "report")
          download(
            reply.text,
            reply.mediaType,
            `${baseName}.findings.${format === "sarif" ? "sarif" : "json"}`,
          );
      } catch (error) {
        render(
          status,
          h("span", { class: "error" }, String(error instanceof Error ? error.message : error)),
        );
      }
    });
    return button;
  };
  const exploreButton = h(
    "button",
    {
      type: "button",
      disabled: result.blob.size > EXPLORE_LIMIT_BYTES || summary.format === null,
      title:
        result.blob.size > EXPLORE_LIMIT_BYTES
          ? `Only files up to ${formatBytes(EXPLORE_LIMIT_BYTES)} can be explored in the browser`
          : null,
    },
    "Explore this dataset",
  );
  exploreButton.addEventListener("click", async () => {
    try {
      await ctx.openDataset({ blob: result.blob, origin: result.name });
    } catch (error) {
      render(
        status,
        h(
          "span",
          { class: "error" },
          `Cannot explore ${result.name}: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    }
  });

  const groups = groupFindings(findings.map((f, index) => ({ ...f, index })));
  render(
    results,
    h(
      "div",
      { class: "actions" },
      reportButton("json", "Download findings (JSON)"),
      reportButton("sarif", "Download findings (SARIF)"),
      exploreButton,
    ),
    h(
      "h2",
      { id: "findings-title" },
      `Findings by rule (${Object.keys(summary.byRule).length} rules)`,
    ),
    groups.length === 0
      ? emptyNote("No findings: the dataset follows the standard.")
      : h(
          "div",
          { class: "rule-groups", "aria-labelledby": "findings-title" },
          groups.map((group) => {
            const total = summary.byRule[group.ruleId]?.count ?? group.findings.length;
            return h(
              "details",
              {
                class: `rule-group severity-${group.severity}`,
                "data-rule-id": group.ruleId,
                open: true,
              },
              h(
                "summary",
                null,
                badge(group.severity, `severity ${group.severity}`),
                " ",
                h("code", { class: "rule-id" }, group.ruleId),
                ` — ${total} ${total === 1 ? "finding" : "findings"}`,
              ),
              h(
                "ol",
                { class: "findings" },
                group.findings.map((finding) => {
                  const line = lines[finding.index];
                  const button = h(
                    "button",
                    {
                      type: "button",
                      class: "finding",
                      "data-line": String(finding.line),
                      "aria-describedby": line ? `frame-${finding.index}` : null,
                    },
                    h(
                      "span",
                      { class: "position" },
                      `line ${finding.line}, column ${finding.column}`,
                    ),
                    " ",
                    h("code", { class: "pointer" }, finding.pointer || "(whole record)"),
                    " ",
                    h("span", { class: "message" }, finding.message),
                    finding.suggestion
                      ? h("span", { class: "suggestion" }, ` Did you mean “${finding.suggestion}”?`)
                      : null,
                  );
                  button.addEventListener("click", () => showRecord(finding, recordPanel));
                  return h(
                    "li",
                    null,
                    button,
                    line
                      ? h(
                          "pre",
                          { class: "code-frame", id: `frame-${finding.index}` },
                          codeFrame(line.text, finding.line, line.column, { maxWidth: 72 }),
                        )
                      : null,
                  );
                }),
              ),
            );
          }),
        ),
  );
}

async function showRecord(finding: Finding, panel: HTMLElement): Promise<void> {
  panel.hidden = false;
  const title = h(
    "h2",
    { id: "record-title", tabindex: "-1" },
    finding.recordIndex === null
      ? "The dataset as a whole"
      : `Record ${finding.recordId ?? `number ${finding.recordIndex + 1}`}`,
  );
  // The heading stays put while the body changes, so focus (moved here for keyboard and
  // screen-reader users) is not lost when the record arrives.
  const body = h("div", { "aria-live": "polite" }, h("p", null, "Loading…"));
  render(panel, title, body);
  title.focus();
  try {
    const requestId = session ? session.nextRequest++ : 0;
    const reply = await request({ type: "record", requestId, finding });
    if (reply.type !== "record") return;
    render(
      body,
      h(
        "p",
        { class: "hint" },
        `${finding.ruleId} at line ${finding.line}, column ${finding.column}, pointer ${finding.pointer || '""'}`,
      ),
      reply.note ? h("p", { class: "note" }, reply.note) : null,
      reply.text
        ? h("pre", { class: "json", tabindex: "0", "data-testid": "record-json" }, reply.text)
        : null,
    );
  } catch (error) {
    render(
      body,
      h("p", { class: "error" }, error instanceof Error ? error.message : String(error)),
    );
  }
}
