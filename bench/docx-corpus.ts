/**
 * Seeded Word files for bench:import, written with the `docx` package from the legal library
 * of bench/search-corpus.ts: each file is one document (its title in the file's properties and
 * as a heading), an introduction with a defined term in bold, numbered clause headings, each
 * clause's positions as numbered sub-clauses (1.1, 1.2 …), bullets, and every fifth file a
 * fee table, as precedents in a firm's document system look.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { AlignmentType, Document, HeadingLevel, LevelFormat, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from "docx";
import { buildCorpus, seededRandom } from "./search-corpus.ts";

export type DocxCorpusFile = { file: string; title: string; codeName: string; bytes: number };

const numbering = {
  config: [
    {
      reference: "clauses",
      levels: [
        { level: 0, format: LevelFormat.DECIMAL, text: "%1.", alignment: AlignmentType.START },
        { level: 1, format: LevelFormat.DECIMAL, text: "%1.%2", alignment: AlignmentType.START },
      ],
    },
  ],
};

function feeTable(random: () => number): Table {
  const row = (cells: string[], header = false) =>
    new TableRow({
      ...(header ? { tableHeader: true } : {}),
      children: cells.map((text) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold: header })] })] })),
    });
  const roles = ["Partner", "Senior associate", "Associate", "Paralegal"];
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [row(["Role", "Hourly rate (GBP)", "Cap (hours)"], true), ...roles.map((role, i) => row([role, String(650 - i * 150 + Math.floor(random() * 40)), String(10 + Math.floor(random() * 90))]))],
  });
}

/** Writes `files` Word files into `dir` and returns what the bench needs to find each one by search. */
export async function writeDocxCorpus(dir: string, { files, seed }: { files: number; seed: number }): Promise<DocxCorpusFile[]> {
  const corpus = buildCorpus({ documents: files, clausesPerDocument: 6, queries: 0, seed });
  const random = seededRandom(seed + 1);
  const written: DocxCorpusFile[] = [];
  let index = 0;
  for (const record of corpus.records) {
    if (record.scope !== "documents") continue;
    const clauses = corpus.records.filter((r) => r.scope === "clauses" && r.documentId === record.documentId);
    const [intro = ""] = record.body.split("\n");
    const children: (Paragraph | Table)[] = [
      new Paragraph({ text: record.title, heading: HeadingLevel.HEADING_1 }),
      new Paragraph({ children: [new TextRun("This document (the "), new TextRun({ text: "Agreement", bold: true }), new TextRun(`) sets out the agreed terms. ${intro}`)] }),
    ];
    for (const clause of clauses) {
      children.push(new Paragraph({ text: clause.clauseName!, heading: HeadingLevel.HEADING_2, numbering: { reference: "clauses", level: 0 } }));
      for (const position of clause.clausePositions) {
        children.push(new Paragraph({ children: [new TextRun({ text: position.text, italics: position.role === "rationale" })], numbering: { reference: "clauses", level: 1 } }));
      }
      children.push(new Paragraph({ text: "the notice is in writing;", bullet: { level: 0 } }), new Paragraph({ text: "it is delivered by hand or by email.", bullet: { level: 0 } }));
    }
    if (index % 5 === 0) children.push(feeTable(random));
    const buffer = await Packer.toBuffer(new Document({ title: record.title, creator: "bench:import", numbering, sections: [{ children }] }));
    const file = path.join(dir, `${String(index).padStart(4, "0")}-${record.documentId}.docx`);
    await writeFile(file, buffer);
    written.push({ file, title: record.title, codeName: corpus.codeNames[index]!, bytes: buffer.byteLength });
    index += 1;
  }
  return written;
}
