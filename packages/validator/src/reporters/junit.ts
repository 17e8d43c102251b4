import type { Finding, ValidationSummary } from "../finding";
import { totals } from "./summary";
import type { Report } from "./types";
import { inputIndexer, type ReportHead, type ReportWriter } from "./writer";

/**
 * Text as XML 1.0 allows it: markup (`<`, `&`, quotes) is escaped, and characters XML 1.0
 * forbids outright (C0 controls, lone surrogates, U+FFFE/U+FFFF), after which no parser would
 * read the file, are written as a visible `\uXXXX` instead.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const XML_FORBIDDEN_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const MARKUP = /[&<>"']/g;
const ENTITY: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

export function xmlText(text: string): string {
  const visible = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
  return text.replace(XML_FORBIDDEN_CONTROLS, visible).replace(LONE_SURROGATES, visible);
}

/** Escaped for an attribute value or element text (the same five entities serve both). */
function xml(text: string): string {
  return xmlText(text).replace(MARKUP, (c) => ENTITY[c] as string);
}

function attributes(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([name, value]) => ` ${name}="${typeof value === "number" ? value : xml(value)}"`)
    .join("");
}

function location(f: Finding): string {
  return `${f.file}:${f.line}:${f.column}`;
}

/** Test cases and failures of one suite (one input). */
export interface SuiteCounts {
  /** Findings reported for the input (its test cases; an input without any gets one passing case). */
  findings: number;
  /** Of which errors (failures). */
  errors: number;
}

/** What the summaries say will be reported of each input (their `reported` counts, after caps). */
function countsFromSummaries(summaries: readonly ValidationSummary[]): SuiteCounts[] {
  return summaries.map((s) => ({
    findings: s.reported,
    errors: Object.values(s.byRule).reduce(
      (n, rule) => n + (rule.severity === "error" ? rule.reported : 0),
      0,
    ),
  }));
}

/**
 * JUnit XML as Jenkins, GitLab and Azure DevOps read it: one `<testsuite>` per input, one
 * `<testcase>` per finding (named by rule and position, its class the finding's file, e.g. one
 * table of a CSV directory). Error findings are `<failure>`s; warnings and infos are passing
 * test cases whose `<system-out>` carries the text, so the test report fails exactly when
 * `parley validate` does by default. An input without findings gets one passing case, so that
 * it shows up in the report at all.
 */
export function formatJunit(report: Report): string {
  // Counted from the findings themselves: a hand-made report's summaries may not match them.
  const inputOf = inputIndexer(report);
  const counts = report.summaries.map(() => ({ findings: 0, errors: 0 }));
  const grouped = report.findings
    .map((finding, order) => ({ finding, input: inputOf(finding), order }))
    .sort((a, b) => a.input - b.input || a.order - b.order);
  for (const { finding, input } of grouped) {
    const tally = counts[input] ?? { findings: 0, errors: 0 };
    counts[input] = tally;
    tally.findings++;
    if (finding.severity === "error") tally.errors++;
  }
  const writer = junitWriter(report, counts);
  return [
    writer.head(),
    ...grouped.map(({ finding, input }) => writer.finding(finding, input)),
    writer.tail(),
  ].join("");
}

/**
 * JUnit as a stream. A suite's opening tag carries its number of test cases and failures, and
 * the document's opening tag their totals, before any case is written: they are known from the
 * summaries (which count what will be reported, after caps), or given as `counts` per input.
 * Findings must come grouped by input, in the order of the summaries.
 */
export function junitWriter(
  head: ReportHead,
  counts: readonly SuiteCounts[] = countsFromSummaries(head.summaries),
): ReportWriter {
  const unreadable = head.unreadable ?? [];
  const suiteCount = (index: number) => counts[index] ?? { findings: 0, errors: 0 };
  const inputs = Math.max(head.summaries.length, counts.length);
  let open = -1;
  let next = 0;
  const openSuite = (index: number, file: string): string => {
    const summary = head.summaries[index];
    const { findings, errors } = suiteCount(index);
    let text = `  <testsuite${attributes({ name: summary?.file ?? file, tests: Math.max(1, findings), failures: errors, errors: 0, skipped: 0 })}>\n`;
    if (summary) {
      text += "    <properties>\n";
      for (const [name, value] of [
        ["records", summary.records],
        ["errors", summary.counts.error],
        ["warnings", summary.counts.warning],
        ["infos", summary.counts.info],
        ["notReported", summary.capped],
      ] as const) {
        text += `      <property${attributes({ name, value })}/>\n`;
      }
      text += "    </properties>\n";
    }
    return text;
  };
  const closeSuite = (index: number): string => {
    const capped = head.summaries[index]?.capped ?? 0;
    const note =
      capped > 0
        ? `    <system-out>${capped} more findings were counted but not reported (finding limit reached).</system-out>\n`
        : "";
    return `${note}  </testsuite>\n`;
  };
  /** Suites of the inputs before `index` not opened yet: they had no findings. */
  const emptySuitesBefore = (index: number): string => {
    let text = "";
    for (; next < index; next++) {
      const file = head.summaries[next]?.file ?? "";
      text += `${openSuite(next, file)}    <testcase${attributes({ name: "valid", classname: file })}/>\n${closeSuite(next)}`;
    }
    return text;
  };
  return {
    wantsSource: false,
    head: () => {
      const t = totals(head.summaries);
      let tests = unreadable.length;
      let failures = 0;
      for (let index = 0; index < inputs; index++) {
        tests += Math.max(1, suiteCount(index).findings);
        failures += suiteCount(index).errors;
      }
      return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${attributes({ name: "parley validate", tests, failures, errors: unreadable.length, records: t.records })}>\n`;
    },
    finding: (f, input) => {
      let text = "";
      if (input !== open) {
        if (open >= 0) text += closeSuite(open);
        text += emptySuitesBefore(input);
        text += openSuite(input, f.file);
        open = input;
        next = Math.max(next, input + 1);
      }
      const where = location(f);
      const name = `${f.ruleId} at ${where}${f.pointer ? ` ${f.pointer}` : ""}`;
      const body = [
        `${where} ${f.severity} ${f.ruleId}`,
        f.message,
        ...(f.pointer ? [`pointer: ${f.pointer}`] : []),
        ...(f.recordIndex !== null
          ? [`record: ${f.recordIndex}${f.recordId ? ` (${f.recordId})` : ""}`]
          : []),
      ].join("\n");
      text += `    <testcase${attributes({ name, classname: f.file })}>\n`;
      text +=
        f.severity === "error"
          ? `      <failure${attributes({ message: f.message, type: f.ruleId })}>${xml(body)}</failure>\n`
          : `      <system-out>${xml(body)}</system-out>\n`;
      return `${text}    </testcase>\n`;
    },
    tail: () => {
      let text = open >= 0 ? closeSuite(open) : "";
      text += emptySuitesBefore(inputs);
      // An input that could not be read is a suite with one erroring case: CI must not show it
      // as passed, nor leave it out.
      for (const input of unreadable) {
        text += `  <testsuite${attributes({ name: input.file, tests: 1, failures: 0, errors: 1, skipped: 0 })}>\n`;
        text += `    <testcase${attributes({ name: "read", classname: input.file })}>\n`;
        text += `      <error${attributes({ message: input.message, type: "unreadable" })}/>\n`;
        text += "    </testcase>\n  </testsuite>\n";
      }
      return `${text}</testsuites>\n`;
    },
  };
}
