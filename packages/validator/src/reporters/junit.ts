import { XMLBuilder } from "fast-xml-parser";
import type { Finding } from "../finding";
import { totals } from "./summary";
import type { Report } from "./types";

/**
 * Text as XML 1.0 allows it: the builder escapes markup (`<`, `&`, quotes) but passes through
 * characters XML 1.0 forbids outright (C0 controls, lone surrogates, U+FFFE/U+FFFF), after which
 * no parser would read the file. Those are written as a visible `\uXXXX` instead.
 * (fast-xml-parser's XMLBuilder is imported by name: the default export of fast-xml-builder
 * does not survive the CJS build's interop.)
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const XML_FORBIDDEN_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function xmlText(text: string): string {
  const visible = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
  return text.replace(XML_FORBIDDEN_CONTROLS, visible).replace(LONE_SURROGATES, visible);
}

function location(f: Finding): string {
  return `${f.file}:${f.line}:${f.column}`;
}

/**
 * JUnit XML as Jenkins, GitLab and Azure DevOps read it: one `<testsuite>` per input, one
 * `<testcase>` per finding (named by rule and position). Error findings are `<failure>`s;
 * warnings and infos are passing test cases whose `<system-out>` carries the text, so the
 * test report fails exactly when `parley validate` does by default. An input without findings
 * gets one passing case, so that it shows up in the report at all.
 */
export function formatJunit(report: Report): string {
  const t = totals(report.summaries);
  const byFile = new Map<string, Finding[]>();
  for (const summary of report.summaries) byFile.set(summary.file, []);
  for (const finding of report.findings) {
    const list = byFile.get(finding.file);
    if (list) list.push(finding);
    else byFile.set(finding.file, [finding]);
  }
  const summaries = new Map(report.summaries.map((s) => [s.file, s]));
  let allTests = 0;
  let allFailures = 0;
  const suites = [...byFile].map(([file, findings]) => {
    const cases: Record<string, unknown>[] = findings.map((f) => {
      const name = xmlText(`${f.ruleId} at ${location(f)}${f.pointer ? ` ${f.pointer}` : ""}`);
      const body = xmlText(
        [
          `${location(f)} ${f.severity} ${f.ruleId}`,
          f.message,
          ...(f.pointer ? [`pointer: ${f.pointer}`] : []),
          ...(f.recordIndex !== null
            ? [`record: ${f.recordIndex}${f.recordId ? ` (${f.recordId})` : ""}`]
            : []),
        ].join("\n"),
      );
      const base = { "@_name": name, "@_classname": xmlText(file) };
      if (f.severity === "error") {
        return {
          ...base,
          failure: { "@_message": xmlText(f.message), "@_type": f.ruleId, "#text": body },
        };
      }
      return { ...base, "system-out": { "#text": body } };
    });
    if (cases.length === 0) {
      cases.push({ "@_name": "valid", "@_classname": xmlText(file) });
    }
    const failures = findings.filter((f) => f.severity === "error").length;
    allTests += cases.length;
    allFailures += failures;
    const summary = summaries.get(file);
    const capped = summary?.capped ?? 0;
    return {
      "@_name": xmlText(file),
      "@_tests": cases.length,
      "@_failures": failures,
      "@_errors": 0,
      "@_skipped": 0,
      ...(summary
        ? {
            properties: {
              property: [
                { "@_name": "records", "@_value": summary.records },
                { "@_name": "errors", "@_value": summary.counts.error },
                { "@_name": "warnings", "@_value": summary.counts.warning },
                { "@_name": "infos", "@_value": summary.counts.info },
                { "@_name": "notReported", "@_value": capped },
              ],
            },
          }
        : {}),
      testcase: cases,
      ...(capped > 0
        ? {
            "system-out": {
              "#text": `${capped} more findings were counted but not reported (finding limit reached).`,
            },
          }
        : {}),
    };
  });
  // An input that could not be read is a suite with one erroring case: CI must not show it
  // as passed, nor leave it out.
  for (const input of report.unreadable ?? []) {
    allTests++;
    suites.push({
      "@_name": xmlText(input.file),
      "@_tests": 1,
      "@_failures": 0,
      "@_errors": 1,
      "@_skipped": 0,
      testcase: [
        {
          "@_name": "read",
          "@_classname": xmlText(input.file),
          error: { "@_message": xmlText(input.message), "@_type": "unreadable" },
        },
      ],
    } as (typeof suites)[number]);
  }
  const allErrors = (report.unreadable ?? []).length;
  const builder = new XMLBuilder({
    ignoreAttributes: false,
    attributeNamePrefix: "@_",
    format: true,
    suppressEmptyNode: true,
  });
  const xml = builder.build({
    testsuites: {
      "@_name": "parley validate",
      "@_tests": allTests,
      "@_failures": allFailures,
      "@_errors": allErrors,
      "@_records": t.records,
      testsuite: suites,
    },
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${String(xml).trimStart()}`;
}
