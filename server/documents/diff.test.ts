import { describe, expect, test } from "vitest";
import { blocksFromJson, blocksFromText, diffDocuments, type DiffBlock } from "./diff.ts";

const p = (text: string) => ({ type: "paragraph", content: [{ type: "text", text }] });
const doc = (...content: unknown[]) => ({ type: "doc", content });
const ops = (blocks: DiffBlock[]) => blocks.map((b) => b.op);

describe("blocksFromJson", () => {
  test("reads textblocks in order, with clause context and template variables; skips empty paragraphs", () => {
    const json = doc(
      { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Liability" }] },
      { type: "paragraph" },
      {
        type: "clausePosition",
        attrs: { clauseId: "c1", name: "Cap", escalateTo: "" },
        content: [
          { type: "clausePart", attrs: { role: "preferred" }, content: [p("Capped at fees.")] },
          {
            type: "clausePart",
            attrs: { role: "fallback" },
            content: [{ type: "paragraph", content: [{ type: "text", text: "Capped at " }, { type: "templateVariable", attrs: { name: "cap" } }] }],
          },
        ],
      },
      { type: "bulletList", content: [{ type: "listItem", content: [p("One   two")] }] },
    );
    expect(blocksFromJson(json)).toEqual([
      { type: "heading", level: 2, text: "Liability" },
      { type: "paragraph", text: "Capped at fees.", context: "Clause: Cap — preferred position" },
      { type: "paragraph", text: "Capped at {{cap}}", context: "Clause: Cap — fallback" },
      { type: "paragraph", text: "One two" },
    ]);
  });

  test("a version 2 clause's new parts and model wording are named in the context, so a redline says where a change is", () => {
    const json = doc({
      type: "clausePosition",
      attrs: { clauseId: "c1", name: "Cap" },
      content: [
        { type: "clausePart", attrs: { role: "preferred" }, content: [p("Capped at fees."), { type: "clauseWording", content: [p("Liability is capped.")] }] },
        { type: "clausePart", attrs: { role: "greyzone", approver: "Partner" }, content: [p("Up to twice the fees.")] },
      ],
    });
    expect(blocksFromJson(json).map((b) => b.context)).toEqual([
      "Clause: Cap — preferred position",
      "Clause: Cap — preferred position — model wording",
      "Clause: Cap — grey zone",
    ]);
  });

  test("tolerates junk", () => {
    expect(blocksFromJson(null)).toEqual([]);
    expect(blocksFromJson({ type: "doc", content: [null, 3, { type: "paragraph", content: "x" }] })).toEqual([]);
    expect(blocksFromText("a\n\n b \n")).toEqual([
      { type: "paragraph", text: "a" },
      { type: "paragraph", text: "b" },
    ]);
  });
});

describe("diffDocuments", () => {
  const blocks = (...texts: string[]) => texts.map((text) => ({ type: "paragraph" as const, text }));

  test("identical documents have no hunks", () => {
    const d = diffDocuments(blocks("a", "b"), blocks("a", "b"));
    expect(d).toEqual({
      identical: true,
      stats: { insertedBlocks: 0, deletedBlocks: 0, changedBlocks: 0, insertedWords: 0, deletedWords: 0 },
      hunks: [],
      skippedAfter: 2,
    });
  });

  test("an edited paragraph is one changed block, diffed word by word", () => {
    const d = diffDocuments(blocks("The fee is ten pounds."), blocks("The fee is twenty pounds."));
    expect(d.hunks).toHaveLength(1);
    const [block] = d.hunks[0]!.blocks;
    expect(block).toEqual({
      type: "paragraph",
      op: "change",
      segments: [
        { op: "equal", text: "The fee is " },
        { op: "delete", text: "ten" },
        { op: "insert", text: "twenty" },
        { op: "equal", text: " pounds." },
      ],
    });
    expect(d.stats).toMatchObject({ changedBlocks: 1, insertedWords: 1, deletedWords: 1 });
  });

  test("an unrelated replacement is a deletion and an insertion, not a word soup", () => {
    const d = diffDocuments(blocks("Governing law is England."), blocks("Payment within thirty days of invoice."));
    expect(ops(d.hunks[0]!.blocks)).toEqual(["delete", "insert"]);
    expect(d.stats).toMatchObject({ insertedBlocks: 1, deletedBlocks: 1, insertedWords: 6, deletedWords: 4 });
  });

  test("keeps context around each change and counts what it leaves out", () => {
    const before = blocks("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
    const after = blocks("1", "2 changed", "3", "4", "5", "6", "7", "8", "9 added", "9", "10");
    const d = diffDocuments(before, after, { context: 1 });
    expect(d.hunks.map((h) => [h.skippedBefore, ops(h.blocks)])).toEqual([
      [0, ["equal", "delete", "insert", "equal"]],
      [4, ["equal", "insert", "equal"]],
    ]);
    expect(d.skippedAfter).toBe(1);
    const whole = diffDocuments(before, after, { context: Infinity });
    expect(whole.hunks).toHaveLength(1);
    expect(whole.hunks[0]!.blocks).toHaveLength(12);
  });

  test("a heading that becomes a paragraph is a change of block", () => {
    const d = diffDocuments([{ type: "heading", level: 1, text: "Scope" }], [{ type: "paragraph", text: "Scope" }]);
    expect(d.identical).toBe(false);
  });
});
