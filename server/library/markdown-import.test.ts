import { readFileSync } from "node:fs";
import type { JSONContent } from "@tiptap/core";
import { describe, expect, test } from "vitest";
import { checkDocumentJson } from "../documents/derive.ts";
import { readLibraryDocument, writeLibraryDocument } from "./library-file.ts";
import { readLibrarySource } from "./library-source.ts";

/**
 * Markdown as people write it (GitHub-flavoured), read by the library import's own path
 * (readLibrarySource): every file becomes a document that fits the schema, and what the schema
 * cannot hold is named in the warnings. Checklists are task lists, written back byte for byte.
 */
const FIXTURES = new URL("../../test/fixtures/markdown/", import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES), "utf8");
const withFrontMatter = (body: string) => `---\nslug: snippet\nkind: playbook\ntitle: Snippet\n---\n\n${body}\n`;

function nodes(json: JSONContent, type: string): JSONContent[] {
  return [...(json.type === type ? [json] : []), ...(json.content ?? []).flatMap((child) => nodes(child, type))];
}
const text = (json: JSONContent): string => json.text ?? (json.content ?? []).map(text).join(json.type === "doc" ? "\n" : "");
/** The tree as "type(child, child)" with task items' ticks, to compare structures in one line. */
const shape = (json: JSONContent): string =>
  `${json.type}${json.type === "taskItem" ? (json.attrs?.checked ? "[x]" : "[ ]") : ""}${json.content?.some((c) => c.type !== "text" && c.type !== "hardBreak") ? `(${json.content.map(shape).join(", ")})` : ""}`;

async function importMarkdown(content: string, file = "snippet.md") {
  const read = await readLibrarySource({ file, content });
  return { ...read, json: checkDocumentJson(read.json) as JSONContent };
}

describe("Markdown import of what users write", () => {
  test("a toolkit written as a checklist imports, its items task items, ticked as written (issue 15)", async () => {
    const { frontMatter, json, warnings } = await importMarkdown(fixture("client-onboarding-toolkit.md"), "client-onboarding-toolkit.md");
    expect(frontMatter.kind).toBe("toolkit");
    expect(warnings).toEqual([]);
    const items = nodes(json, "taskItem");
    expect(items.map((item) => [text(item.content![0]!), item.attrs?.checked])).toEqual([
      ["Record the client's business objective", false],
      ["Confirm the scope and the fee basis", false],
      ["Fixed fee or capped", false],
      ["Engagement letter signed", true],
      ["Open the mandate", true],
    ]);
    expect(shape(nodes(json, "taskList")[0]!)).toBe(
      "taskList(taskItem[ ](paragraph), taskItem[ ](paragraph, taskList(taskItem[ ](paragraph), taskItem[x](paragraph))), taskItem[x](paragraph))",
    );
  });

  test("every kind of GitHub-flavoured Markdown imports into one valid document, and what it cannot hold is named", async () => {
    const { json, warnings } = await importMarkdown(fixture("gfm-everything.md"), "gfm-everything.md");
    expect(warnings).toEqual([
      "2 images left out (documents hold text only)",
      "2 HTML comments left out",
      "14 HTML tags left out (the text inside is kept)",
      "2 headings of level 5 or 6 made level 4 (documents have four heading levels)",
      "4 footnote marks kept as plain text (documents have no footnotes)",
    ]);
    const all = text(json);
    // Nothing of the markup that was left out shows as text; the text inside it stays.
    for (const markup of ["<!--", "Drafting note", "<u>", "<div", "<br>", "![", "diagram.png"]) expect(all).not.toContain(markup);
    for (const kept of ["underlined", "Centred", "HTML", "Click to expand", "Hidden", "Footnote reference[^1]", "[^1]: The first footnote."]) expect(all).toContain(kept);

    expect(nodes(json, "heading").map((h) => h.attrs?.level)).toEqual([1, 2, 3, 4, 4, 4, 2]);
    expect(nodes(json, "taskItem").map((i) => i.attrs?.checked)).toEqual([false, true, false, true]);
    expect(nodes(json, "tableHeader").map((c) => c.attrs?.align ?? null)).toEqual(["left", "center", "right", null]);
    expect(nodes(json, "hardBreak")).toHaveLength(4); // two spaces, backslash, <br> in a paragraph and in a table cell
    expect(nodes(json, "text").filter((t) => t.marks?.some((m) => m.type === "strike")).map((t) => t.text)).toEqual(["struck"]);
    expect(nodes(json, "codeBlock")).toHaveLength(3);
    expect(shape(nodes(json, "blockquote")[0]!)).toBe("blockquote(paragraph, bulletList(listItem(paragraph), listItem(paragraph)), blockquote(paragraph))");
    // Lists nested three deep across kinds keep their nesting.
    const [ordered, numberedFromThree] = nodes(json, "orderedList").filter((list) => json.content!.includes(list));
    expect(shape(ordered!)).toBe("orderedList(listItem(paragraph, bulletList(listItem(paragraph, orderedList(listItem(paragraph))))), listItem(paragraph, orderedList(listItem(paragraph))))");
    expect(shape(json.content!.find((n) => n.type === "bulletList")!)).toBe("bulletList(listItem(paragraph, orderedList(listItem(paragraph, bulletList(listItem(paragraph))))))");
    expect(numberedFromThree?.attrs?.start).toBe(3);
  });

  test("the library file written from that import reads back as the same document, with nothing left to warn of", async () => {
    const first = await importMarkdown(fixture("gfm-everything.md"), "gfm-everything.md");
    const written = writeLibraryDocument({ frontMatter: first.frontMatter, json: first.json });
    const again = await importMarkdown(written, "gfm-everything.md");
    expect(again.json).toEqual(first.json);
    expect(again.warnings).toEqual([]);
    expect(writeLibraryDocument(again)).toBe(written);
  });

  test.each([
    ["a task list", "- [ ] one\n- [x] two", [], "doc(taskList(taskItem[ ](paragraph), taskItem[x](paragraph)))"],
    ["an image alone", "![Logo](logo.png)", ["1 image left out (documents hold text only)"], "doc(paragraph)"],
    ["an image in text", "See ![Logo](logo.png) here.", ["1 image left out (documents hold text only)"], "doc(paragraph)"],
    ["an <img> tag", '<img src="logo.png" alt="Logo">', ["1 image left out (documents hold text only)"], "doc(paragraph)"],
    ["a comment block", "<!-- reviewer: check -->\n\nText.", ["1 HTML comment left out"], "doc(paragraph)"],
    ["a multi-line comment", "<!--\nline one\nline two\n-->\nText.", ["1 HTML comment left out"], "doc(paragraph)"],
    ["an inline comment", "Text <!-- note --> more.", ["1 HTML comment left out"], "doc(paragraph)"],
    ["an HTML block", "<table><tr><td>Cell</td></tr></table>", ["6 HTML tags left out (the text inside is kept)"], "doc(paragraph)"],
    ["a heading of level 6", "###### Deep", ["1 heading of level 5 or 6 made level 4 (documents have four heading levels)"], "doc(heading)"],
    ["a footnote whose note is one word", "Fact.[^a]\n\n[^a]: Source.", ["2 footnote marks kept as plain text (documents have no footnotes)"], "doc(paragraph, paragraph)"],
    ["strikethrough", "~~gone~~", [], "doc(paragraph)"],
    ["hard breaks", "one  \ntwo\\\nthree", [], "doc(paragraph)"],
    ["a table with alignment", "| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |", [], "doc(table(tableRow(tableHeader(paragraph), tableHeader(paragraph), tableHeader(paragraph)), tableRow(tableCell(paragraph), tableCell(paragraph), tableCell(paragraph))))"],
    ["a list in a quote", "> - a\n>   - [ ] b", [], "doc(blockquote(bulletList(listItem(paragraph, taskList(taskItem[ ](paragraph))))))"],
    ["code keeps its markup", "```html\n<!-- kept -->\n<b>kept</b>\n![kept](x.png)\n```", [], "doc(codeBlock)"],
    ["HTML in a code span and escaped", "`<b>` and \\<b>", [], "doc(paragraph)"],
  ] as const)("%s", async (_name, markdown, expectedWarnings, expectedShape) => {
    const { json, warnings } = await importMarkdown(withFrontMatter(markdown));
    expect(warnings).toEqual(expectedWarnings);
    expect(shape(json)).toBe(expectedShape);
  });

  test("the text inside HTML stays, code keeps its markup as text", async () => {
    expect(text((await importMarkdown(withFrontMatter("<table><tr><td>Cell</td></tr></table>"))).json)).toBe("Cell");
    expect(text((await importMarkdown(withFrontMatter("`<b>` and \\<b>"))).json)).toBe("<b> and <b>");
    expect(text((await importMarkdown(withFrontMatter("```html\n<!-- kept -->\n```"))).json)).toBe("<!-- kept -->");
  });
});

describe("checklists in the library format", () => {
  test("round-trip byte for byte: nested, ticked, empty, mixed with other lists, inside quotes and callouts", () => {
    const source = fixture("checklists.md");
    const read = readLibraryDocument(source, "checklists.md");
    expect(writeLibraryDocument(read)).toBe(source);
    expect(read.warnings).toEqual([]);
    expect(nodes(read.json, "taskItem")).toHaveLength(16);
    expect(shape(read.json.content!.find((n) => n.type === "callout")!)).toBe("callout(taskList(taskItem[ ](paragraph)))");
  });

  test("other ways of writing a task (*, +, [X], no space after an empty box) are written in the one canonical form", () => {
    const read = readLibraryDocument(withFrontMatter("* [X] done\n+ [ ] open\n- [ ]"), "snippet.md");
    expect(shape(read.json)).toBe("doc(taskList(taskItem[x](paragraph), taskItem[ ](paragraph), taskItem[ ](paragraph)))");
    expect(writeLibraryDocument(read)).toBe(withFrontMatter("- [x] done\n- [ ] open\n- [ ]"));
  });
});
