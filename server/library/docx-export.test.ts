import { readFileSync } from "node:fs";
import type { JSONContent } from "@tiptap/core";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import mammoth from "mammoth";
import { describe, expect, test } from "vitest";
import { documentSchema } from "../../app/editor/schema.ts";
import { collectSuggestions, withoutSuggestions } from "../../app/editor/suggestions.ts";
import { markdownToJson } from "../documents/derive.ts";
import { rangeOfText, suggestionsIn, textWith } from "../../test/helpers/suggestions.ts";
import type { DocxThread } from "./docx-comments.ts";
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
    expect(html).toContain(
      '<td colspan="2"><p><strong>Definition of Confidential Information</strong><em><br />Escalate to: Partner<br />Perspective: discloser<br />Required</em></p></td>',
    );
    const labels = [...html.matchAll(/<td><p><strong>(Preferred position|Fallback \d|Fallback|Grey zone|Red line|Rationale|Pushback|Spotting the issue)<\/strong>(?:<em><br \/>Approver: [^<]*<\/em>)?<\/p><\/td>/g)].map((m) => m[1]);
    expect(labels.slice(0, 8)).toEqual(["Preferred position", "Fallback 1", "Fallback 2", "Grey zone", "Red line", "Rationale", "Pushback", "Spotting the issue"]);
  });

  test("writes a version 2 clause whole: perspective, required, approvers under the labels, the new parts and model wording", async () => {
    const json = markdownToJson(readFileSync(new URL("../../test/fixtures/clause-position-v2.md", import.meta.url), "utf8"));
    const { value: html, messages } = await mammoth.convertToHtml({ buffer: await documentToDocx({ title: "SaaS playbook", json }) });
    expect(messages).toEqual([]);
    expect(html).toContain(
      "<p><strong>Limitation of liability</strong><em><br />Escalate to: General Counsel<br />Perspective: customer<br />Required</em></p>",
    );
    expect(html).toContain("<p><strong>Model wording</strong></p><p>Each party's total liability");
    expect(html).toContain("<td><p><strong>Fallback</strong><em><br />Approver: Supervising associate</em></p></td>");
    expect(html).toContain("<td><p><strong>Grey zone</strong><em><br />Approver: Partner</em></p></td><td><p>A cap above");
    expect(html).toContain("<td><p><strong>Red line</strong><em><br />Approver: Client general counsel</em></p></td>");
    expect(html).toContain("<td><p><strong>Pushback</strong></p></td><td><p>Our insurer will not cover more.</p></td>");
    expect(html).toContain("<td><p><strong>Spotting the issue</strong></p></td><td><p>Look for a cap defined in the order form.</p></td>");
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

  test("a checklist read back from Word is a checklist again, each item done or not (nesting, only an indent in Word, comes back flat)", async () => {
    const json = markdownToJson("Before.\n\n- [ ] Record the objective\n  - [x] Fee basis agreed\n- [x] Open the mandate\n\nAfter.");
    const again = await readDocx(await documentToDocx({ title: "Onboarding", json }));
    expect(again.json).toEqual(markdownToJson("Before.\n\n- [ ] Record the objective\n- [x] Fee basis agreed\n- [x] Open the mandate\n\nAfter."));
  });
});

describe("a document under negotiation, to Word and back", () => {
  const ANN = { authorId: "member-ann", authorName: "Ann Cole", createdAt: "2026-02-02T09:30:00.000Z" };
  const BEN = { authorId: "member-ben", authorName: "Ben Ode", createdAt: "2026-02-03T16:05:00.000Z" };
  const text = (value: string, ...marks: JSONContent["marks"] & object): JSONContent => ({ type: "text", text: value, ...(marks.length ? { marks } : {}) });
  const inserted = (id: string, who: typeof ANN) => ({ type: "insertion", attrs: { id, ...who } });
  const deleted = (id: string, who: typeof ANN) => ({ type: "deletion", attrs: { id, ...who } });
  const json: JSONContent = {
    type: "doc",
    content: [
      { type: "heading", attrs: { level: 2 }, content: [text("Payment")] },
      {
        type: "paragraph",
        content: [
          text("The Customer shall pay within "),
          text("thirty", deleted("s-1", ANN)),
          text("sixty", inserted("s-2", BEN)),
          text(" days of an "),
          // One suggestion over two formats: Word gets two runs, and reads them back as one change.
          text("undisputed", { type: "bold" }, inserted("s-3", ANN)),
          text(" and valid", inserted("s-3", ANN)),
          text(" invoice."),
        ],
      },
      { type: "paragraph", content: [text("Late payment bears interest at 4% above base rate.")] },
    ],
  };
  const threads = (): DocxThread[] => [
    {
      ...rangeOfText(json, "Late payment bears interest"),
      resolved: false,
      comments: [
        { authorName: "Ann Cole", createdAt: "2026-02-02T10:00:00.000Z", body: "Is 4% too high?" },
        { authorName: "Ben Ode", createdAt: "2026-02-03T16:10:00.000Z", body: "The statutory rate is 8%.\nWe are below it." },
      ],
    },
    { ...rangeOfText(json, "sixty"), resolved: true, comments: [{ authorName: "Ben Ode", createdAt: "2026-02-03T16:06:00.000Z", body: "Our standard terms." }] },
  ];
  const exported = () => documentToDocx({ title: "Payment terms", json, threads: threads() });
  const part = async (name: string) => strFromU8(unzipSync(await exported())[name]!);

  test("writes suggestions as Word's tracked changes, with who and when, and opens with Track Changes on", async () => {
    const document = await part("word/document.xml");
    expect(document).toMatch(/<w:del w:id="\d+" w:author="Ann Cole" w:date="2026-02-02T09:30:00.000Z"><w:r>(<w:rPr\/>)?<w:delText xml:space="preserve">thirty<\/w:delText><\/w:r><\/w:del>/);
    expect(document).toMatch(/<w:ins w:id="\d+" w:author="Ben Ode" w:date="2026-02-03T16:05:00.000Z"><w:r>(<w:rPr\/>)?<w:t xml:space="preserve">sixty<\/w:t><\/w:r><\/w:ins>/);
    const ids = [...document.matchAll(/<w:(?:ins|del) w:id="(\d+)"/g)].map((m) => m[1]);
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(4);
    expect(await part("word/settings.xml")).toContain("<w:trackRevisions/>");
    const plain = unzipSync(await documentToDocx({ title: "Plain", json: { type: "doc", content: [{ type: "paragraph", content: [text("Plain.")] }] } }));
    expect(strFromU8(plain["word/settings.xml"]!)).not.toContain("trackRevisions");
  });

  test("writes threads as Word comments around their text: replies as replies, a resolved thread done", async () => {
    const document = await part("word/document.xml");
    expect(document).toMatch(/<w:commentRangeStart w:id="0"\/><w:commentRangeStart w:id="1"\/><w:r><w:t xml:space="preserve">Late payment bears interest<\/w:t><\/w:r><w:commentRangeEnd w:id="0"\/>/);
    const comments = await part("word/comments.xml");
    expect([...comments.matchAll(/<w:comment w:id="(\d)" w:initials="(\w+)" w:author="([^"]+)"/g)].map((m) => m.slice(1))).toEqual([
      ["0", "AC", "Ann Cole"],
      ["1", "BO", "Ben Ode"],
      ["2", "BO", "Ben Ode"],
    ]);
    expect(comments).toContain("The statutory rate is 8%.");
    const extended = await part("word/commentsExtended.xml");
    expect(extended).toMatch(/<w15:commentEx w15:paraId="00000002" w15:paraIdParent="00000001"/);
    expect(extended).toMatch(/<w15:commentEx w15:paraId="00000003" w15:done="1"\/>/);
  });

  test("reads back with the same suggestions (text, kind, author) and the same threads (quote, comments, resolved)", async () => {
    const again = await readDocx(await exported());
    const seen = (content: JSONContent) => suggestionsIn(content).map(({ kind, text, authorName }) => ({ kind, text, authorName }));
    expect(seen(again.json)).toEqual(seen(json));
    expect(seen(again.json)).toEqual([
      { kind: "deletion", text: "thirty", authorName: "Ann Cole" },
      { kind: "insertion", text: "sixty", authorName: "Ben Ode" },
      { kind: "insertion", text: "undisputed and valid", authorName: "Ann Cole" },
    ]);
    expect(again.threads.map(({ quote, resolved, comments }) => ({ quote, resolved, comments: comments.map((c) => [c.authorName, c.body]) }))).toEqual([
      { quote: "sixty", resolved: true, comments: [["Ben Ode", "Our standard terms."]] },
      {
        quote: "Late payment bears interest",
        resolved: false,
        comments: [
          ["Ann Cole", "Is 4% too high?"],
          ["Ben Ode", "The statutory rate is 8%.\nWe are below it."],
        ],
      },
    ]);
    expect(again.threads.map(({ from, to }) => ({ from, to }))).toEqual([rangeOfText(json, "sixty"), rangeOfText(json, "Late payment bears interest")]);
  });

  test("a change accepted in Word (its w:ins unwrapped, its w:del removed) reads back as plain text, the others still open", async () => {
    const files = unzipSync(await exported());
    const document = strFromU8(files["word/document.xml"]!)
      .replace(/<w:ins [^>]*>(<w:r>(?:(?!<\/w:r>).)*sixty<\/w:t><\/w:r>)<\/w:ins>/, "$1")
      .replace(/<w:del [^>]*><w:r>(?:(?!<\/w:r>).)*thirty<\/w:delText><\/w:r><\/w:del>/, "");
    const { json: again } = await readDocx(zipSync({ ...files, "word/document.xml": strToU8(document) }));
    expect(suggestionsIn(again).map(({ kind, text }) => [kind, text])).toEqual([["insertion", "undisputed and valid"]]);
    const paragraph = again.content![1]!;
    expect(paragraph.content![0]).toEqual({ type: "text", text: "The Customer shall pay within sixty days of an " });
    // Accepted in Word, it stays whatever happens to the open suggestions.
    expect(textWith(again, "rejected")).toContain("The Customer shall pay within sixty days of an ");
  });

  test("a thread alone and resolved is still written done", async () => {
    const buffer = await documentToDocx({ title: "Payment terms", json, threads: [threads()[1]!] });
    expect(strFromU8(unzipSync(buffer)["word/commentsExtended.xml"]!)).toMatch(/<w15:commentEx w15:paraId="00000001" w15:done="1"\/>/);
    expect((await readDocx(buffer)).threads).toMatchObject([{ quote: "sixty", resolved: true }]);
  });

  test("a comment over two paragraphs, or from between blocks, anchors in the text around it", async () => {
    const across = { from: rangeOfText(json, "invoice.").from, to: rangeOfText(json, "Late payment").to };
    const fromBetween = { from: rangeOfText(json, "Late").from - 1, to: rangeOfText(json, "Late payment").to };
    const comment = [{ authorName: "Ann Cole", createdAt: "2026-02-02T10:00:00.000Z", body: "See above." }];
    const buffer = await documentToDocx({
      title: "Payment terms",
      json,
      threads: [
        { ...across, resolved: false, comments: comment },
        { ...fromBetween, resolved: false, comments: comment },
      ],
    });
    expect((await readDocx(buffer)).threads.map((t) => t.quote)).toEqual(["invoice.\nLate payment", "Late payment"]);
  });

  test("refuses a thread outside the document, backwards, without comments or with a comment not dated", async () => {
    const comments = [{ authorName: "Ann Cole", createdAt: "2026-02-02T10:00:00.000Z", body: "?" }];
    await expect(documentToDocx({ title: "T", json, threads: [{ from: 0, to: 10_000, resolved: false, comments }] })).rejects.toThrow(/a comment range must be positions in the document/);
    await expect(documentToDocx({ title: "T", json, threads: [{ from: 12, to: 3, resolved: false, comments }] })).rejects.toThrow(RangeError);
    await expect(documentToDocx({ title: "T", json, threads: [{ from: 1, to: 3, resolved: false, comments: [] }] })).rejects.toThrow("a comment thread to export needs at least one comment");
    await expect(documentToDocx({ title: "T", json, threads: [{ from: 1, to: 3, resolved: false, comments: [{ ...comments[0]!, createdAt: "yesterday" }] }] })).rejects.toThrow(
      `a comment's createdAt must be a date (got "yesterday")`,
    );
  });
});

describe("formatting changes, to Word and back", () => {
  const ANN = { authorId: "member-ann", authorName: "Ann Cole", createdAt: "2026-02-02T09:30:00.000Z" };
  const BEN = { authorId: "member-ben", authorName: "Ben Ode", createdAt: "2026-02-03T16:05:00.000Z" };
  const text = (value: string, ...marks: JSONContent["marks"] & object): JSONContent => ({ type: "text", text: value, ...(marks.length ? { marks } : {}) });
  const reformatted = (id: string, who: typeof ANN, before: JSONContent["marks"]) => ({ type: "formatChange", attrs: { id, ...who, before } });
  const json: JSONContent = {
    type: "doc",
    content: [
      {
        type: "paragraph",
        content: [
          text("Fees are "),
          text("non-refundable", { type: "bold" }, reformatted("f-1", ANN, [])),
          text(" and "),
          text("payable", { type: "italic" }, reformatted("f-2", BEN, [{ type: "bold" }])),
          text(" monthly "),
          text("in advance", { type: "bold" }, { type: "insertion", attrs: { id: "i-1", ...ANN } }, reformatted("f-3", BEN, [])),
          text("."),
        ],
      },
    ],
  };
  const formatting = (content: JSONContent) =>
    collectSuggestions(documentSchema.nodeFromJSON(content))
      .filter((s) => s.kind === "formatChange")
      .map(({ text, change, authorName }) => ({ text, change, authorName }));

  test("writes each as the run's w:rPrChange, with who, when and the formatting before, and opens with Track Changes on", async () => {
    const files = unzipSync(await documentToDocx({ title: "Fees", json }));
    const document = strFromU8(files["word/document.xml"]!);
    expect(document).toMatch(
      /<w:rPr><w:b\/><w:bCs\/><w:rPrChange w:id="\d+" w:author="Ann Cole" w:date="2026-02-02T09:30:00.000Z"><w:rPr><w:b w:val="false"\/>.*?<\/w:rPr><\/w:rPrChange><\/w:rPr><w:t xml:space="preserve">non-refundable<\/w:t>/,
    );
    expect(document).toMatch(/<w:rPrChange w:id="\d+" w:author="Ben Ode" w:date="2026-02-03T16:05:00.000Z"><w:rPr><w:b\/><w:bCs\/><w:i w:val="false"\/>.*?payable/);
    expect(strFromU8(files["word/settings.xml"]!)).toContain("<w:trackRevisions/>");
  });

  test("reads back as the same formatting suggestions; rejecting them all gives the formatting before", async () => {
    const again = await readDocx(await documentToDocx({ title: "Fees", json }));
    expect(again.warnings).toEqual(["1 tracked insertion and 3 tracked formatting changes read as suggestions, to accept or reject"]);
    expect(formatting(again.json)).toEqual(formatting(json));
    expect(formatting(again.json)).toEqual([
      { text: "non-refundable", change: "Bold added", authorName: "Ann Cole" },
      { text: "payable", change: "Italic added, bold removed", authorName: "Ben Ode" },
      { text: "in advance", change: "Bold added", authorName: "Ben Ode" },
    ]);
    const before = withoutSuggestions(documentSchema.nodeFromJSON(again.json)).toJSON() as JSONContent;
    expect(before.content![0]!.content).toEqual([text("Fees are non-refundable and "), text("payable", { type: "bold" }), text(" monthly .")]);
  });

  test("a formatting change accepted in Word (its w:rPrChange removed) reads back as plain formatting", async () => {
    const files = unzipSync(await documentToDocx({ title: "Fees", json }));
    const document = strFromU8(files["word/document.xml"]!).replace(/<w:rPrChange w:id="\d+" w:author="Ann Cole"(?:(?!<\/w:rPrChange>).)*<\/w:rPrChange>/, "");
    const { json: again } = await readDocx(zipSync({ ...files, "word/document.xml": strToU8(document) }));
    expect(formatting(again).map((s) => s.text)).toEqual(["payable", "in advance"]);
    expect(again.content![0]!.content![1]).toEqual(text("non-refundable", { type: "bold" }));
  });
});

describe("block type changes, to Word", () => {
  const ANN = { id: "b-1", authorId: "member-ann", authorName: "Ann Cole", createdAt: "2026-02-02T09:30:00.000Z" };
  const json: JSONContent = {
    type: "doc",
    content: [
      { type: "heading", attrs: { level: 2, blockChange: { ...ANN, before: { type: "paragraph" } } }, content: [{ type: "text", text: "Liability" }] },
      { type: "paragraph", attrs: { blockChange: { ...ANN, id: "b-2", before: { type: "heading", level: 1 } } }, content: [{ type: "text", text: "Terms" }] },
    ],
  };

  test("writes each as the paragraph's w:pPrChange, with who, when and the style before, and opens with Track Changes on", async () => {
    const files = unzipSync(await documentToDocx({ title: "Terms", json }));
    const document = strFromU8(files["word/document.xml"]!);
    expect(document).toMatch(/<w:pPr><w:pStyle w:val="Heading2"\/><w:pPrChange w:id="\d+" w:author="Ann Cole" w:date="2026-02-02T09:30:00.000Z"><w:pPr\/><\/w:pPrChange><\/w:pPr>.*?Liability/);
    expect(document).toMatch(/<w:pPr><w:pPrChange w:id="\d+" w:author="Ann Cole" w:date="2026-02-02T09:30:00.000Z"><w:pPr><w:pStyle w:val="Heading1"\/><\/w:pPr><\/w:pPrChange><\/w:pPr>.*?Terms/);
    expect(strFromU8(files["word/settings.xml"]!)).toContain("<w:trackRevisions/>");
  });
});
