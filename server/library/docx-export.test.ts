import { readFileSync } from "node:fs";
import type { JSONContent } from "@tiptap/core";
import { strFromU8, unzipSync } from "fflate";
import mammoth from "mammoth";
import { describe, expect, test } from "vitest";
import { markdownToJson } from "../documents/derive.ts";
import { documentToDocx } from "./docx-export.ts";
import { readDocx } from "./docx-import.ts";
import { readLibraryDocument } from "./library-file.ts";

const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/docx/${name}`, import.meta.url));
const playbook = (name: string) => readLibraryDocument(readFileSync(new URL(`../../playbooks/${name}`, import.meta.url), "utf8"), name);

/** Node types and text, without attributes: what must survive Word and back. */
function shape(node: JSONContent): unknown {
  if (node.type === "text") return node.marks?.length ? [node.text, node.marks.map((m) => m.type)] : node.text;
  return { [node.type!]: (node.content ?? []).map(shape) };
}

describe("exporting a document to Word", () => {
  test("a Word import exported again reads back with the same headings, clauses, bullets, table and marks", async () => {
    const imported = await readDocx(fixture("services-agreement.docx"));
    const exported = await documentToDocx({ title: "Master Services Agreement", json: imported.json });
    const again = await readDocx(exported);
    expect(again.warnings).toEqual([]);
    expect(again.title).toBe("Master Services Agreement");
    expect(shape(again.json)).toEqual(shape(imported.json));
  });

  test("numbers lists with real Word numbering, legal style, each list restarting", async () => {
    const { json } = playbook("mutual-nda-template.md");
    const files = unzipSync(await documentToDocx({ title: "NDA", json }));
    const numbering = strFromU8(files["word/numbering.xml"]!);
    for (const text of ["%1.", "%1.%2", "(%3)", "(%4)"]) expect(numbering).toContain(`w:lvlText w:val="${text}"`);
    const document = strFromU8(files["word/document.xml"]!);
    expect(document).toContain("<w:numPr>");
    expect(document).toContain('<w:pStyle w:val="Heading1"/>');
  });

  test("a nested numbered list continues its parent's numbering (2.1), a separate list starts again", async () => {
    const item = (text: string, nested?: JSONContent): JSONContent => ({
      type: "listItem",
      content: [{ type: "paragraph", content: [{ type: "text", text }] }, ...(nested ? [nested] : [])],
    });
    const list = (...items: JSONContent[]): JSONContent => ({ type: "orderedList", attrs: { start: 1 }, content: items });
    const json = { type: "doc", content: [list(item("One", list(item("One.one")))), { type: "paragraph", content: [{ type: "text", text: "Between." }] }, list(item("Again"))] };
    const document = strFromU8(unzipSync(await documentToDocx({ title: "Lists", json }))["word/document.xml"]!);
    const numbers = [...document.matchAll(/<w:ilvl w:val="(\d)"\/><w:numId w:val="(\d+)"\/>/g)].map((m) => ({ level: m[1], list: m[2] }));
    expect(numbers).toHaveLength(3);
    expect(numbers[1]).toEqual({ level: "1", list: numbers[0]!.list });
    expect(numbers[2]!.level).toBe("0");
    expect(numbers[2]!.list).not.toBe(numbers[0]!.list);
  });

  test("lays out a clause position as a labelled table: clause and escalation, then each position", async () => {
    const { json } = playbook("nda-negotiation-england-wales.md");
    const buffer = await documentToDocx({ title: "NDA playbook", json });
    const { value: html, messages } = await mammoth.convertToHtml({ buffer });
    expect(messages).toEqual([]);
    expect(html).toContain('<td colspan="2"><p><strong>Definition of Confidential Information</strong><em><br />Escalate to: Supervising associate</em></p></td>');
    const labels = [...html.matchAll(/<td><p><strong>(Preferred position|Fallback \d|Fallback|Red line|Rationale)<\/strong><\/p><\/td>/g)].map((m) => m[1]);
    expect(labels.slice(0, 5)).toEqual(["Preferred position", "Fallback 1", "Fallback 2", "Red line", "Rationale"]);
  });

  test("writes a template's variables as highlighted blanks", async () => {
    const { json } = playbook("mutual-nda-template.md");
    const document = strFromU8(unzipSync(await documentToDocx({ title: "NDA", json }))["word/document.xml"]!);
    expect(document).toMatch(/<w:highlight w:val="yellow"\/>.*?<w:t xml:space="preserve">\[Date of agreement\]<\/w:t>/s);
  });

  test("an empty document is a valid Word file", async () => {
    const again = await readDocx(await documentToDocx({ title: "Empty", json: { type: "doc", content: [] } }));
    expect(again.json).toEqual({ type: "doc", content: [{ type: "paragraph" }] });
  });

  test("writes a checklist as paragraphs that start with ☐ or ☑, nested ones further in", async () => {
    const json = markdownToJson("- [ ] Record the objective\n  - [x] Fee basis agreed\n- [x] Open the mandate");
    const buffer = await documentToDocx({ title: "Onboarding", json });
    const { value: text } = await mammoth.extractRawText({ buffer });
    expect(text.split("\n").filter(Boolean)).toEqual(["☐\tRecord the objective", "☑\tFee basis agreed", "☑\tOpen the mandate"]);
    const document = strFromU8(unzipSync(buffer)["word/document.xml"]!);
    expect([...document.matchAll(/<w:ind w:left="(\d+)" w:hanging="360"\/>/g)].map((m) => m[1])).toEqual(["720", "1440", "720"]);
  });
});
