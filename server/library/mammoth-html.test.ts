import { describe, expect, test } from "vitest";
import { mammothHtmlToDocumentJson } from "./mammoth-html.ts";

describe("mammoth's HTML as document JSON", () => {
  test("decodes the entities mammoth writes and keeps text outside the vocabulary", () => {
    expect(mammothHtmlToDocumentJson("<p>Smith &amp; Co &lt;Ltd&gt; <span>&quot;Buyer&quot;</span></p>").content).toEqual([
      { type: "paragraph", content: [{ type: "text", text: 'Smith & Co <Ltd> "Buyer"' }] },
    ]);
  });

  test("links only http(s) and mailto addresses; other hrefs keep their text", () => {
    const [p] = mammothHtmlToDocumentJson('<p><a href="https://example.com">site</a> <a href="javascript:alert(1)">bad</a></p>').content!;
    expect(p!.content).toEqual([
      { type: "text", text: "site", marks: [{ type: "link", attrs: { href: "https://example.com" } }] },
      { type: "text", text: " bad" },
    ]);
  });

  test("headings below level 4 become level 4, the deepest the editor has", () => {
    expect(mammothHtmlToDocumentJson("<h6>Schedule</h6>").content).toEqual([{ type: "heading", attrs: { level: 4 }, content: [{ type: "text", text: "Schedule" }] }]);
  });

  test("keeps merged cells' spans and gives empty cells a paragraph", () => {
    const [table] = mammothHtmlToDocumentJson('<table><tr><td colspan="2">Fees</td></tr><tr><td></td><td><p>10</p></td></tr></table>').content!;
    expect(table!.content![0]!.content![0]!.attrs).toMatchObject({ colspan: 2, rowspan: 1 });
    expect(table!.content![1]!.content![0]!.content).toEqual([{ type: "paragraph" }]);
  });

  test("an empty file is one empty paragraph", () => {
    expect(mammothHtmlToDocumentJson("")).toEqual({ type: "doc", content: [{ type: "paragraph" }] });
  });

  test("paragraphs that start with a box are a checklist; a box later in the text is only text", () => {
    const json = mammothHtmlToDocumentJson("<p>☐\tSend the <strong>draft</strong></p><p>☒ Conflicts cleared</p><p>Tick ☐ when done.</p><p>☑</p>");
    expect(json.content).toEqual([
      {
        type: "taskList",
        content: [
          { type: "taskItem", attrs: { checked: false }, content: [{ type: "paragraph", content: [{ type: "text", text: "Send the " }, { type: "text", text: "draft", marks: [{ type: "bold" }] }] }] },
          { type: "taskItem", attrs: { checked: true }, content: [{ type: "paragraph", content: [{ type: "text", text: "Conflicts cleared" }] }] },
        ],
      },
      { type: "paragraph", content: [{ type: "text", text: "Tick ☐ when done." }] },
      { type: "taskList", content: [{ type: "taskItem", attrs: { checked: true }, content: [{ type: "paragraph" }] }] },
    ]);
  });
});
