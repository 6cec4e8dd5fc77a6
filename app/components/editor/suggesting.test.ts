import { describe, expect, test } from "vitest";
import type { JSONContent } from "@tiptap/core";
import { toggleMark } from "@tiptap/pm/commands";
import type { MarkType } from "@tiptap/pm/model";
import { EditorState, TextSelection, type Transaction } from "@tiptap/pm/state";
import { documentSchema } from "~/editor/schema";
import { collectSuggestions, resolveSuggestions } from "~/editor/suggestions";
import { deleteCharacter, RESOLVING, suggestingKey, suggestingPlugin } from "./suggesting";

const ADA = { id: "ada", name: "Ada Lovelace" };
const p = (text: string): JSONContent => ({ type: "paragraph", content: [{ type: "text", text }] });

/** An editor state in Suggesting mode over paragraphs, the cursor at `cursor` (a ProseMirror position). */
function suggestingState(paragraphs: string[], cursor = 1) {
  const doc = documentSchema.nodeFromJSON({ type: "doc", content: paragraphs.map(p) });
  const state = EditorState.create({ doc, plugins: [suggestingPlugin(ADA, true)] });
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, cursor)));
}

const type = (state: EditorState, text: string) => {
  let next = state;
  for (const char of text) next = next.apply(next.tr.insertText(char));
  return next;
};
const key = (key: string, modifiers: { ctrlKey?: boolean; altKey?: boolean } = {}) => ({ key, ctrlKey: false, metaKey: false, altKey: false, ...modifiers });
/** The keys as the plugin handles them (deleteCharacter), never the browser's own deletion. */
const press = (state: EditorState, name: "Backspace" | "Delete") => state.apply(deleteCharacter(state, key(name))!);
const backspace = (state: EditorState) => press(state, "Backspace");
const forwardDelete = (state: EditorState) => press(state, "Delete");
const summary = (state: EditorState) => collectSuggestions(state.doc).map((s) => [s.kind, s.text, s.authorName]);

describe("Suggesting mode", () => {
  test("typing is one insertion suggestion, continued as one types on", () => {
    const state = type(suggestingState(["Cap at months."], 8), "12 ");
    expect(state.doc.textContent).toBe("Cap at 12 months.");
    expect(summary(state)).toEqual([["insertion", "12 ", "Ada Lovelace"]]);
    expect(state.selection.from).toBe(11);
  });

  test("Backspace keeps the text, marked deleted, and moves the cursor before it; Backspace over it moves on", () => {
    let state = suggestingState(["Cap at 12 months."], 10); // after "12"
    state = backspace(backspace(state));
    expect(state.doc.textContent).toBe("Cap at 12 months.");
    expect(summary(state)).toEqual([["deletion", "12", "Ada Lovelace"]]);
    expect(state.selection.from).toBe(8);
    // Forward over the deleted run: the cursor passes it, nothing new is deleted.
    state = forwardDelete(state);
    expect(state.doc.textContent).toBe("Cap at 12 months.");
    expect(summary(state)).toEqual([["deletion", "12", "Ada Lovelace"]]);
    expect(state.selection.from).toBe(10);
  });

  test("deleting one's own suggested insertion removes it outright", () => {
    let state = type(suggestingState(["Cap."], 4), " now");
    state = backspace(backspace(backspace(backspace(state))));
    expect(state.doc.textContent).toBe("Cap.");
    expect(summary(state)).toEqual([]);
  });

  test("typing over a selection suggests deleting it and inserting the new text", () => {
    let state = suggestingState(["Cap at 12 months."], 8);
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, 8, 10)));
    state = state.apply(state.tr.insertText("18"));
    expect(state.doc.textContent).toBe("Cap at 1218 months.");
    expect(summary(state)).toEqual([
      ["deletion", "12", "Ada Lovelace"],
      ["insertion", "18", "Ada Lovelace"],
    ]);
  });

  test("a selection across paragraphs deleted stays, marked deleted, paragraphs kept", () => {
    let state = suggestingState(["First one.", "Second one."]);
    state = state.apply(state.tr.delete(7, 19));
    expect(state.doc.childCount).toBe(2);
    expect(state.doc.textContent).toBe("First one.Second one.");
    expect(summary(state)).toEqual([["deletion", "one.Second", "Ada Lovelace"]]);
  });

  test("off, nothing is tracked", () => {
    let state = suggestingState(["Cap."], 4);
    state = state.apply(state.tr.setMeta(suggestingKey, { enabled: false }));
    state = type(state, "!");
    expect(summary(state)).toEqual([]);
  });
});

test("a suggestion typed on is one mark: one id and one time, so one element", () => {
  let state = suggestingState(["Cap."], 4);
  state = type(state, " now");
  const marks = new Set<unknown>();
  state.doc.descendants((node) => {
    for (const mark of node.marks) marks.add(mark);
  });
  expect(marks.size).toBe(1);
  expect(state.doc.child(0).childCount).toBe(3);
});

test("Backspace deletes a whole character, an emoji's two halves together, and leaves word-wise keys and block edges to the keymap", () => {
  const emoji = backspace(suggestingState(["Fee 💷"], 7)); // after the pound-note emoji (two UTF-16 units)
  expect(summary(emoji)).toEqual([["deletion", "💷", "Ada Lovelace"]]);
  const state = suggestingState(["Cap at 12 months."], 10);
  expect(deleteCharacter(state, key("Backspace", { ctrlKey: true }))).toBeNull();
  expect(deleteCharacter(state, key("Backspace", { altKey: true }))).toBeNull();
  expect(deleteCharacter(suggestingState(["Cap", "at"], 5), key("Backspace"))).toBeNull(); // start of the second paragraph: a join
  expect(deleteCharacter(state, key("x"))).toBeNull();
});

describe("Suggesting mode, formatting", () => {
  const boldType = documentSchema.marks.bold!;
  const italicType = documentSchema.marks.italic!;
  /** Ctrl+B / Ctrl+I over [from, to): ProseMirror's toggleMark, as the keymap runs it. */
  const toggle = (state: EditorState, markType: MarkType, from: number, to: number) => {
    let next = state.apply(state.tr.setSelection(TextSelection.create(state.doc, from, to)));
    toggleMark(markType)(next, (tr) => {
      next = next.apply(tr);
    });
    return next;
  };
  const marksOf = (state: EditorState, text: string) => {
    let found: string[] = [];
    state.doc.descendants((node) => {
      if (node.isText && node.text === text) found = node.marks.map((m) => m.type.name);
    });
    return found;
  };
  const formatChanges = (state: EditorState) => collectSuggestions(state.doc).filter((s) => s.kind === "formatChange").map((s) => [s.text, s.change, s.authorName]);

  test("bold over someone's text is kept and suggested, with the formatting before; reject restores it", () => {
    let state = toggle(suggestingState(["Cap at 12 months."]), boldType, 8, 10);
    expect(marksOf(state, "12")).toEqual(["bold", "formatChange"]);
    expect(formatChanges(state)).toEqual([["12", "Bold added", "Ada Lovelace"]]);
    const mark = state.doc.child(0).child(1).marks.find((m) => m.type.name === "formatChange")!;
    expect(mark.attrs.before).toEqual([]);
    // Italic on top: still one change, the first formatting (none) is what reject restores.
    state = toggle(state, italicType, 8, 10);
    expect(formatChanges(state)).toEqual([["12", "Bold added, italic added", "Ada Lovelace"]]);
    // As the Reject button runs it: a resolution, never itself tracked.
    const rejected = state.apply(resolveSuggestions(state.tr, () => "reject").setMeta(RESOLVING, true));
    expect(rejected.doc.child(0).toJSON()).toEqual(documentSchema.nodeFromJSON(p("Cap at 12 months.")).toJSON());
  });

  test("formatting undone by hand leaves no suggestion; one's own suggested insertion is just formatted", () => {
    let state = toggle(suggestingState(["Cap at 12 months."]), boldType, 8, 10);
    state = toggle(state, boldType, 8, 10);
    expect(collectSuggestions(state.doc)).toEqual([]);
    expect(marksOf(state, "12")).toEqual([]);

    state = type(suggestingState(["Cap."], 4), " now");
    state = toggle(state, boldType, 5, 8);
    expect(marksOf(state, "now")).toEqual(["bold", "insertion"]);
    expect(summary(state)).toEqual([["insertion", " now", "Ada Lovelace"]]);
  });

  test("formatting someone else's formatting suggestion takes it over in one's name, their formatting before kept", () => {
    const bobs = { id: "f-bob", authorId: "bob", authorName: "Bob", createdAt: "2026-12-07T12:00:00.000Z", before: [{ type: "italic" }] };
    const doc = documentSchema.nodeFromJSON({
      type: "doc",
      content: [{ type: "paragraph", content: [{ type: "text", text: "Cap", marks: [{ type: "bold" }, { type: "formatChange", attrs: bobs }] }] }],
    });
    let state = EditorState.create({ doc, plugins: [suggestingPlugin(ADA, true)] });
    state = toggle(state, italicType, 1, 4);
    expect(formatChanges(state)).toEqual([["Cap", "Bold added", "Ada Lovelace"]]);
    const rejected = state.apply(resolveSuggestions(state.tr, () => "reject").setMeta(RESOLVING, true));
    expect(marksOf(rejected, "Cap")).toEqual(["italic"]);
  });

  test("off, formatting is not tracked", () => {
    let state = suggestingState(["Cap."]);
    state = state.apply(state.tr.setMeta(suggestingKey, { enabled: false }));
    state = toggle(state, boldType, 1, 4);
    expect(marksOf(state, "Cap")).toEqual(["bold"]);
    expect(collectSuggestions(state.doc)).toEqual([]);
  });
});

const ADA_CHANGE = { id: "b1", authorId: ADA.id, authorName: ADA.name, createdAt: "2026-12-07T12:00:00.000Z" };

describe("Suggesting mode, block types", () => {
  const heading = (state: EditorState, level: number, pos = 1) => state.apply(state.tr.setBlockType(pos, pos, documentSchema.nodes.heading!, { level }));
  const paragraph = (state: EditorState, pos = 1) => state.apply(state.tr.setBlockType(pos, pos, documentSchema.nodes.paragraph!));
  const changes = (state: EditorState) => collectSuggestions(state.doc).filter((s) => s.kind === "blockChange").map((s) => [s.text, s.change, s.authorName]);

  test("a paragraph made a heading stays a heading, marked with the type it had", () => {
    const state = heading(suggestingState(["Liability", "Cap at 12 months."]), 2);
    expect(state.doc.child(0).type.name).toBe("heading");
    expect(state.doc.child(0).attrs.blockChange).toMatchObject({ authorId: "ada", authorName: "Ada Lovelace", before: { type: "paragraph" } });
    expect(changes(state)).toEqual([["Liability", "Heading 2 (was paragraph)", "Ada Lovelace"]]);
    expect(state.doc.child(1).attrs.blockChange).toBeNull();
  });

  test("changed again, the first type is kept; back to it, the suggestion is gone", () => {
    let state = heading(suggestingState(["Liability"]), 2);
    const { id } = state.doc.child(0).attrs.blockChange as { id: string };
    state = heading(state, 3);
    expect(changes(state)).toEqual([["Liability", "Heading 3 (was paragraph)", "Ada Lovelace"]]);
    expect(state.doc.child(0).attrs.blockChange.id).toBe(id);
    state = paragraph(state);
    expect(state.doc.child(0).type.name).toBe("paragraph");
    expect(collectSuggestions(state.doc)).toEqual([]);
  });

  test("rejecting restores the type before; a heading made a paragraph comes back as its level", () => {
    let state = heading(suggestingState(["Liability"]), 2);
    state = state.apply(resolveSuggestions(state.tr, () => "reject").setMeta(RESOLVING, true));
    expect(state.doc.child(0).type.name).toBe("paragraph");
    expect(collectSuggestions(state.doc)).toEqual([]);

    const doc = documentSchema.nodeFromJSON({ type: "doc", content: [{ type: "heading", attrs: { level: 1 }, content: [{ type: "text", text: "Terms" }] }] });
    let fromHeading = EditorState.create({ doc, plugins: [suggestingPlugin(ADA, true)] });
    fromHeading = paragraph(fromHeading);
    expect(changes(fromHeading)).toEqual([["Terms", "Paragraph (was heading 1)", "Ada Lovelace"]]);
  });

  test("a paragraph that is all one's own suggested text is just made a heading", () => {
    let state = suggestingState(["Cap."], 5);
    state = state.apply(state.tr.split(5));
    state = type(state, "New clause");
    state = heading(state, 2, 7);
    expect(state.doc.child(1).type.name).toBe("heading");
    expect(collectSuggestions(state.doc).map((s) => s.kind)).toEqual(["insertion"]);
  });

  test("off, a heading is not tracked; a suggested one put back by hand (the attribute copied along) is no longer a suggestion", () => {
    let state = suggestingState(["Liability"]);
    state = state.apply(state.tr.setMeta(suggestingKey, { enabled: false }));
    state = heading(state, 2);
    expect(state.doc.child(0).type.name).toBe("heading");
    expect(collectSuggestions(state.doc)).toEqual([]);

    state = heading(state.apply(state.tr.setMeta(suggestingKey, { enabled: true })), 3);
    state = state.apply(state.tr.setMeta(suggestingKey, { enabled: false }));
    expect(collectSuggestions(state.doc).map((s) => s.change)).toEqual(["Heading 3 (was heading 2)"]);
    state = state.apply(state.tr.setBlockType(1, 1, documentSchema.nodes.heading!, { ...state.doc.child(0).attrs, level: 2 }));
    expect(state.doc.child(0).attrs.level).toBe(2);
    expect(collectSuggestions(state.doc)).toEqual([]);
  });
});

describe("Suggest-only", () => {
  const suggestOnlyState = (text: string) => {
    const doc = documentSchema.nodeFromJSON({ type: "doc", content: [p(text)] });
    const state = EditorState.create({ doc, plugins: [suggestingPlugin(ADA, true, true)] });
    return state.apply(state.tr.setSelection(TextSelection.create(state.doc, 1)));
  };

  test("a list or a changed attribute is refused in the editor; typing, formatting and headings are suggested", () => {
    const state = suggestOnlyState("Cap at 12 months.");
    // EditorState.apply runs the plugins' filterTransaction: a refused transaction leaves the state as it was.
    const unchanged = (tr: Transaction) => expect(state.apply(tr).doc.eq(state.doc)).toBe(true);
    const heading = state.apply(state.tr.setBlockType(1, 1, documentSchema.nodes.heading!, { level: 2 }));
    expect(heading.doc.child(0).type.name).toBe("heading");
    expect(collectSuggestions(heading.doc).map((s) => [s.kind, s.change, s.authorName])).toEqual([["blockChange", "Heading 2 (was paragraph)", "Ada Lovelace"]]);
    // The attribute set directly (not through a type change) is not a tracked change.
    unchanged(state.tr.setNodeAttribute(0, "blockChange", { ...ADA_CHANGE, before: { type: "heading", level: 1 } }));
    const range = state.doc.resolve(1).blockRange()!;
    unchanged(state.tr.wrap(range, [{ type: documentSchema.nodes.bulletList! }, { type: documentSchema.nodes.listItem! }]));
    unchanged(state.tr.setNodeAttribute(0, "textAlign", "center"));

    expect(summary(type(state, "The "))).toEqual([["insertion", "The ", "Ada Lovelace"]]);
    let bold = state.apply(state.tr.setSelection(TextSelection.create(state.doc, 8, 10)));
    toggleMark(documentSchema.marks.bold!)(bold, (tr) => {
      bold = bold.apply(tr);
    });
    expect(collectSuggestions(bold.doc).map((s) => [s.kind, s.text])).toEqual([["formatChange", "12"]]);
  });
});
