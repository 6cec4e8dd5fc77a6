import { Document, HeadingLevel, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from "docx";
import { formatCalendarDate } from "../../app/utils/format.ts";
import type { ReportBlock } from "./blocks.ts";
import { chartToPng } from "./chart-png.ts";
import { RAG_LABELS, type ReportSnapshot } from "./snapshot.ts";

/**
 * A status report as a Word file: its header, RAG and narrative, then each section's blocks —
 * facts and tables as Word tables, each chart as a PNG picture (chart-png.ts) with its title,
 * legend and numbers as text beside it — and the KPI definitions. Built from the snapshot, so a
 * released report downloads as the client saw it.
 */

const cell = (text: string, bold = false) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });
const table = (header: string[] | null, rows: string[][]) =>
  new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [...(header ? [new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) })] : []), ...rows.map((r) => new TableRow({ children: r.map((c) => cell(c)) }))],
  });
const paragraphs = (text: string) => (text ? text.split(/\n+/) : ["—"]).map((line) => new Paragraph({ text: line }));

function blockToDocx(block: ReportBlock): (Paragraph | Table)[] {
  switch (block.kind) {
    case "paragraph":
      return paragraphs(block.text);
    case "facts":
      return [table(null, block.items.map((i) => [i.label, i.value]))];
    case "table":
      return [
        new Paragraph({ heading: HeadingLevel.HEADING_3, text: block.caption }),
        block.rows.length ? table(block.columns, block.rows) : new Paragraph({ children: [new TextRun({ text: block.empty, italics: true })] }),
      ];
    case "chart": {
      const { png, width, height } = chartToPng(block.chart);
      const { chart } = block;
      return [
        new Paragraph({ heading: HeadingLevel.HEADING_3, text: chart.title }),
        new Paragraph({ children: [new TextRun({ text: chart.summary, italics: true })] }),
        new Paragraph({ children: [new ImageRun({ type: "png", data: png, transformation: { width, height }, altText: { name: chart.title, title: chart.title, description: chart.summary } })] }),
        table(
          [chart.categories.length ? "Month" : "", ...chart.series.map((s) => s.name)],
          chart.categories.map((category, i) => [category, ...chart.series.map((s) => s.labels[i] ?? "")]),
        ),
        ...(chart.level ? [new Paragraph({ text: `${chart.level.name}: ${chart.level.label} (the dashed line).` })] : []),
      ];
    }
    case "definitions":
      return [
        new Paragraph({ heading: HeadingLevel.HEADING_3, text: "Definitions" }),
        ...block.items.map((d) => new Paragraph({ children: [new TextRun({ text: `${d.term}: `, bold: true }), new TextRun({ text: d.definition })] })),
      ];
  }
}

export async function reportToDocx(report: ReportSnapshot): Promise<Buffer> {
  const title = `Status report ${report.periodTitle}: ${report.mandate.title}`;
  const children: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, text: title }),
    new Paragraph({ text: `${report.mandate.reference} · ${report.mandate.clientName}` }),
    new Paragraph({
      children: [new TextRun({ text: report.releasedAt ? `Released ${formatCalendarDate(report.releasedAt)}${report.releasedBy ? ` by ${report.releasedBy}` : ""}.` : `Draft, figures as at ${formatCalendarDate(report.assembledAt)}.`, italics: true })],
    }),
    new Paragraph({ heading: HeadingLevel.HEADING_1, text: `Status: ${report.rag ? RAG_LABELS[report.rag] : "not set"}` }),
    ...paragraphs(report.ragReasons),
    new Paragraph({ heading: HeadingLevel.HEADING_2, text: "What went well" }),
    ...paragraphs(report.wentWell),
    new Paragraph({ heading: HeadingLevel.HEADING_2, text: "What did not go well" }),
    ...paragraphs(report.wentBadly),
    new Paragraph({ heading: HeadingLevel.HEADING_2, text: "Next steps" }),
    ...paragraphs(report.nextSteps),
  ];
  for (const section of report.sections) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, text: section.title }), ...section.blocks.flatMap(blockToDocx));
  }
  const document = new Document({ title, creator: "Precedent", sections: [{ children }] });
  return Packer.toBuffer(document);
}
