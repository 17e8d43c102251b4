import type { Severity } from "../finding";
import { plural, totals } from "./summary";
import { printable } from "./text";
import type { Report } from "./types";
import { type ReportHead, type ReportWriter, writeAll } from "./writer";

const COMMAND: Record<Severity, string> = { error: "error", warning: "warning", info: "notice" };

/** Escaping of a workflow command's message, as @actions/core does it. */
function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escaping of a workflow command's property values (`file=`, `title=`), as @actions/core does it. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/**
 * GitHub Actions workflow commands, one line per finding, which GitHub shows as annotations on
 * the pull request's files: `::error file=data.ndjson,line=3,col=14,title=schema-required::…`.
 * Info findings become notices. A last plain line gives the totals for the log.
 */
export function formatGithub(report: Report): string {
  return writeAll(githubWriter(report), report);
}

/** The GitHub format as a stream: one line per finding as it comes, then the totals. */
export function githubWriter(head: ReportHead): ReportWriter {
  return {
    wantsSource: false,
    head: () => "",
    finding: (f) => {
      const props = [
        ...(f.file !== "<stdin>" ? [`file=${escapeProperty(printable(f.file))}`] : []),
        `line=${f.line}`,
        `col=${f.column}`,
        `title=${escapeProperty(f.ruleId)}`,
      ];
      const where = f.pointer !== "" ? ` (at ${f.pointer})` : "";
      return `::${COMMAND[f.severity]} ${props.join(",")}::${escapeData(printable(`${f.message}${where}`))}\n`;
    },
    tail: () => {
      const lines: string[] = [];
      for (const input of head.unreadable ?? []) {
        const file =
          input.file !== "<stdin>" ? ` file=${escapeProperty(printable(input.file))},` : " ";
        lines.push(`::error${file}title=unreadable::${escapeData(printable(input.message))}`);
      }
      const t = totals(head.summaries);
      lines.push(
        `parley: ${plural(t.counts.error, "error")}, ${plural(t.counts.warning, "warning")}, ${plural(t.counts.info, "info", "infos")} in ${plural(t.files, "input")} (${plural(t.records, "record")})${t.capped ? `; ${t.capped} not shown (finding limit)` : ""}`,
      );
      return `${lines.join("\n")}\n`;
    },
  };
}
