import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { Editor, type JSONContent } from "@tiptap/core";
import { documentSchema } from "./schema";
import { documentJsonToMarkdown, markdownToDocumentJson } from "./markdown";
import { documentExtensions, perspectivesOf } from "./extensions";

// Positions, version 2 (ADR 035): perspective, required, approvers, grey zone, pushback, spotting
// and model wording. The library's Markdown must still round-trip byte for byte, old and new.

const v1 = readFileSync(new URL("../../test/fixtures/clause-position-v1.md", import.meta.url), "utf8");

const v2 = [
  ':::clause {id="c2" name="Limitation of liability" escalateTo="General Counsel" perspective="customer" required}',
  "",
  ":::preferred",
  "",
  "Cap at 12 months' fees.",
  "",
  ":::wording",
  "",
  "Each party's total liability under this Agreement is limited to the fees paid in the 12 months before the claim.",
  "",
  ":::",
  "",
  ":::",
  "",
  ':::fallback {approver="Supervising associate"}',
  "",
  "Cap at 24 months' fees.",
  "",
  ":::wording",
  "",
  "Each party's total liability is limited to twice the annual fees.",
  "",
  "This cap applies in aggregate.",
  "",
  ":::",
  "",
  ":::",
  "",
  ':::greyzone {approver="Partner"}',
  "",
  "A cap above 24 months' fees but below the red line.",
  "",
  ":::",
  "",
  ':::redline {approver="Client general counsel"}',
  "",
  "No cap at all.",
  "",
  ":::",
  "",
  ":::rationale",
  "",
  "Our insurance covers 24 months.",
  "",
  ":::",
  "",
  ":::pushback",
  "",
  "Our insurer will not cover more; the cap matches the cover.",
  "",
  ":::",
  "",
  ":::spotting",
  "",
  "Look for a cap defined in the order form, not the terms.",
  "",
  ":::",
  "",
  ":::",
].join("\n");

const clause = (json: JSONContent) => (json.content ?? []).find((n) => n.type === "clausePosition")!;

describe("positions v2", () => {
  test("a version 1 clause reads with the new attributes at their defaults and writes back byte for byte", () => {
    const json = markdownToDocumentJson(v1);
    const c = clause(json);
    expect(c.attrs).toMatchObject({ perspective: "", required: false });
    expect(c.content?.map((p) => [p.attrs?.role, p.attrs?.approver])).toEqual([
      ["preferred", ""],
      ["fallback", ""],
      ["redline", ""],
      ["rationale", ""],
    ]);
    expect(documentJsonToMarkdown(json)).toBe(v1);
    expect(() => documentSchema.nodeFromJSON(json).check()).not.toThrow();
  });

  test("a version 2 clause reads its perspective, requirement, approvers, new parts and wording, and writes back byte for byte", () => {
    const json = markdownToDocumentJson(v2);
    const c = clause(json);
    expect(c.attrs).toMatchObject({ perspective: "customer", required: true });
    expect(c.content?.map((p) => [p.attrs?.role, p.attrs?.approver])).toEqual([
      ["preferred", ""],
      ["fallback", "Supervising associate"],
      ["greyzone", "Partner"],
      ["redline", "Client general counsel"],
      ["rationale", ""],
      ["pushback", ""],
      ["spotting", ""],
    ]);
    const fallback = c.content![1]!;
    expect(fallback.content?.map((n) => n.type)).toEqual(["paragraph", "clauseWording"]);
    expect(fallback.content?.[1]?.content).toHaveLength(2);
    expect(documentJsonToMarkdown(json)).toBe(v2);
    expect(() => documentSchema.nodeFromJSON(json).check()).not.toThrow();
  });

  test("the new attributes survive HTML", () => {
    const node = documentSchema.nodeFromJSON(markdownToDocumentJson(v2));
    const clauseNode = node.firstChild!;
    const clauseDom = documentSchema.nodes.clausePosition!.spec.toDOM!(clauseNode) as [string, Record<string, string>];
    expect(clauseDom[1]).toMatchObject({ "data-perspective": "customer", "data-required": "" });
    const partDom = documentSchema.nodes.clausePart!.spec.toDOM!(clauseNode.child(1)) as [string, Record<string, string>];
    expect(partDom[1]).toMatchObject({ "data-clause-part": "fallback", "data-approver": "Supervising associate" });
    // A version 1 clause's HTML names none of them.
    const oldClause = documentSchema.nodeFromJSON(markdownToDocumentJson(v1)).firstChild!;
    const oldDom = documentSchema.nodes.clausePosition!.spec.toDOM!(oldClause) as [string, Record<string, string>];
    expect(Object.keys(oldDom[1])).not.toContain("data-perspective");
    expect(Object.keys(oldDom[1])).not.toContain("data-required");
  });

  test("version 1 JSON (no new attributes) loads into the schema with the defaults", () => {
    const old: JSONContent = {
      type: "doc",
      content: [
        {
          type: "clausePosition",
          attrs: { clauseId: "c1", name: "Term", escalateTo: "" },
          content: [{ type: "clausePart", attrs: { role: "preferred" }, content: [{ type: "paragraph", content: [{ type: "text", text: "Two years." }] }] }],
        },
      ],
    };
    const node = documentSchema.nodeFromJSON(old);
    expect(node.firstChild!.attrs).toMatchObject({ perspective: "", required: false });
    expect(node.firstChild!.firstChild!.attrs).toMatchObject({ role: "preferred", approver: "" });
    expect(documentJsonToMarkdown(old)).toBe(':::clause {id="c1" name="Term"}\n\n:::preferred\n\nTwo years.\n\n:::\n\n:::');
  });

  test("model wording written before the description still reads after it", () => {
    const json = markdownToDocumentJson(':::clause {id="c3"}\n\n:::preferred\n\n:::wording\n\nThe text.\n\n:::\n\nWhy we want it.\n\n:::\n\n:::');
    const part = clause(json).content![0]!;
    expect(part.content?.map((n) => n.type)).toEqual(["paragraph", "clauseWording"]);
    expect(() => documentSchema.nodeFromJSON(json).check()).not.toThrow();
  });
});

describe("perspectivesOf", () => {
  test("lists the distinct non-empty perspectives in the order they appear", () => {
    const clauseOf = (perspective: string, id: string) =>
      `:::clause {id="${id}" name="Confidentiality"${perspective ? ` perspective="${perspective}"` : ""}}\n\n:::preferred\n\nText.\n\n:::\n\n:::`;
    const json = markdownToDocumentJson([clauseOf("recipient", "a"), clauseOf("", "b"), clauseOf("discloser", "c"), clauseOf("recipient", "d")].join("\n\n"));
    expect(perspectivesOf(json)).toEqual(["recipient", "discloser"]);
    expect(perspectivesOf(documentSchema.nodeFromJSON(json))).toEqual(["recipient", "discloser"]);
    expect(perspectivesOf(markdownToDocumentJson(v1))).toEqual([]);
  });
});

describe("the card's commands", () => {
  const editorWith = (markdown: string) => new Editor({ element: null, extensions: documentExtensions(), content: markdownToDocumentJson(markdown) });
  const json = (editor: Editor): JSONContent => editor.getJSON();
  const roles = (editor: Editor) => json(editor).content?.[0]?.content?.map((part) => part.attrs?.role);
  /** Position before the clause's `index`th part. */
  const partPos = (editor: Editor, index: number) => {
    let pos = 1;
    for (let i = 0; i < index; i++) pos += editor.state.doc.firstChild!.child(i).nodeSize;
    return pos;
  };

  test("new parts go where their role reads, one grey zone, pushback and spotting each, fallbacks as many as needed", () => {
    const editor = editorWith(v1);
    expect(editor.commands.addClausePart(0, "spotting")).toBe(true);
    expect(editor.commands.addClausePart(0, "greyzone")).toBe(true);
    expect(editor.commands.addClausePart(0, "pushback")).toBe(true);
    expect(editor.commands.addClausePart(0, "fallback")).toBe(true);
    expect(roles(editor)).toEqual(["preferred", "fallback", "fallback", "greyzone", "redline", "rationale", "pushback", "spotting"]);
    expect(editor.commands.addClausePart(0, "greyzone")).toBe(false);
    // Preferred, red line and rationale are not added or removed from the card.
    expect(editor.commands.addClausePart(0, "redline")).toBe(false);
    expect(editor.commands.removeClausePart(partPos(editor, 4))).toBe(false);
    expect(editor.commands.removeClausePart(partPos(editor, 3))).toBe(true);
    expect(roles(editor)).toEqual(["preferred", "fallback", "fallback", "redline", "rationale", "pushback", "spotting"]);
    editor.destroy();
  });

  test("model wording goes after a preferred or fallback part's description, once, and nowhere else", () => {
    const editor = editorWith(v1);
    expect(editor.commands.addClauseWording(partPos(editor, 1))).toBe(true);
    expect(editor.commands.addClauseWording(partPos(editor, 1))).toBe(false);
    expect(editor.commands.addClauseWording(partPos(editor, 2))).toBe(false);
    const fallback = json(editor).content![0]!.content![1]!;
    expect(fallback.content?.map((n) => n.type)).toEqual(["paragraph", "clauseWording"]);
    expect(documentJsonToMarkdown(editor.getJSON())).toContain(":::fallback\n\nCap at 24 months' fees.\n\n:::wording\n\n:::\n\n:::");
    const wordingPos = partPos(editor, 1) + 1 + editor.state.doc.firstChild!.child(1).firstChild!.nodeSize;
    expect(editor.commands.removeClauseWording(wordingPos)).toBe(true);
    expect(documentJsonToMarkdown(editor.getJSON())).toBe(v1);
    editor.destroy();
  });
});
