import { describe, expect, test } from "vitest";
import type { JSONContent } from "@tiptap/core";
import { Transform } from "@tiptap/pm/transform";
import { documentSchema } from "./schema";
import {
  collectSuggestions,
  countSuggestionsInJson,
  jsonWithoutSuggestions,
  resolveSuggestions,
  suggestOnlyViolation,
  withSuggestionsAccepted,
  withoutSuggestions,
} from "./suggestions";

const by = (id: string, authorName = "Ada") => ({ id, authorId: `user-${authorName}`, authorName, createdAt: "2026-12-07T12:00:00.000Z" });
const ins = (text: string, id = "i1", author?: string): JSONContent => ({ type: "text", text, marks: [{ type: "insertion", attrs: by(id, author) }] });
const del = (text: string, id = "d1", author?: string): JSONContent => ({ type: "text", text, marks: [{ type: "deletion", attrs: by(id, author) }] });
const t = (text: string): JSONContent => ({ type: "text", text });
const p = (...content: JSONContent[]): JSONContent => ({ type: "paragraph", content });
const docOf = (...content: JSONContent[]) => documentSchema.nodeFromJSON({ type: "doc", content });
const textOf = (doc: ReturnType<typeof docOf>) => doc.content.content.map((block) => block.textContent);

describe("suggestions", () => {
  const sample = () => docOf(p(t("Cap at "), del("12", "d1"), ins("18", "i1"), t(" months.")), p(t("Kept.")));

  test("the text without suggestions rejects them all: insertions go, deletions stay unmarked", () => {
    const doc = withoutSuggestions(sample());
    expect(textOf(doc)).toEqual(["Cap at 12 months.", "Kept."]);
    expect(collectSuggestions(doc)).toEqual([]);
  });

  test("accepting them all keeps insertions and removes deleted text", () => {
    expect(textOf(withSuggestionsAccepted(sample()))).toEqual(["Cap at 18 months.", "Kept."]);
  });

  test("one suggestion is resolved by id, the others stay open", () => {
    const tr = resolveSuggestions(new Transform(sample()), ({ attrs }) => (attrs.id === "i1" ? "accept" : null));
    expect(textOf(tr.doc)).toEqual(["Cap at 1218 months.", "Kept."]);
    expect(collectSuggestions(tr.doc).map((s) => [s.kind, s.id, s.text])).toEqual([["deletion", "d1", "12"]]);
  });

  test("collects each suggestion once with its author and whole text, runs joined by id", () => {
    const doc = docOf(p(ins("new ", "i1"), t("old"), ins("words", "i1")), p(del("gone", "d2", "Bob")));
    expect(collectSuggestions(doc).map(({ kind, id, authorName, text }) => ({ kind, id, authorName, text }))).toEqual([
      { kind: "insertion", id: "i1", authorName: "Ada", text: "new words" },
      { kind: "deletion", id: "d2", authorName: "Bob", text: "gone" },
    ]);
  });

  test("a paragraph typed as a suggestion goes when rejected; an emptied block when its deletion is accepted", () => {
    const doc = docOf(p(t("First.")), p(ins("Added paragraph.")), p(del("Removed paragraph.")));
    expect(textOf(withoutSuggestions(doc))).toEqual(["First.", "Removed paragraph."]);
    expect(textOf(withSuggestionsAccepted(doc))).toEqual(["First.", "Added paragraph."]);
  });

  test("a template variable and a whole clause position are suggestions through their marks", () => {
    const variable = { type: "templateVariable", attrs: { name: "customer" }, marks: [{ type: "insertion", attrs: by("i9") }] };
    const clause = {
      type: "clausePosition",
      attrs: { clauseId: "c1", name: "Cap", escalateTo: "" },
      content: [
        { type: "clausePart", attrs: { role: "preferred" }, content: [p(del("Twelve months.", "d9"))] },
        { type: "clausePart", attrs: { role: "redline" }, content: [p(del("Unlimited.", "d9"))] },
      ],
    };
    const doc = docOf(p(t("Between "), variable, t(".")), clause, p(t("End.")));
    expect(collectSuggestions(doc).map((s) => [s.kind, s.text])).toEqual([
      ["insertion", "{{customer}}"],
      ["deletion", "Twelve months.Unlimited."],
    ]);
    const rejected = withoutSuggestions(doc);
    expect(rejected.child(0).textContent).toBe("Between .");
    expect(rejected.child(1).type.name).toBe("clausePosition");
    const accepted = withSuggestionsAccepted(doc);
    expect(accepted.child(0).childCount).toBe(3);
    expect(accepted.childCount).toBe(2);
    expect(accepted.child(1).textContent).toBe("End.");
  });

  test("a document that is one suggested paragraph stays a valid document when it is rejected", () => {
    const doc = withoutSuggestions(docOf(p(ins("Only this."))));
    expect(() => doc.check()).not.toThrow();
    expect(doc.textContent).toBe("");
  });

  test("JSON in, JSON out: unchanged JSON when there is nothing to reject; counts suggestions by id", () => {
    const json = { type: "doc", content: [p(t("Plain."))] };
    expect(jsonWithoutSuggestions(documentSchema, json)).toBe(json);
    const suggested = sample().toJSON();
    expect(countSuggestionsInJson(suggested)).toBe(2);
    expect(countSuggestionsInJson(jsonWithoutSuggestions(documentSchema, suggested))).toBe(0);
  });
});

test("the marks keep their author and time through HTML (copy and paste)", () => {
  const mark = documentSchema.marks.insertion!.create(by("i1"));
  const spec = documentSchema.marks.insertion!.spec.toDOM!(mark, true) as [string, Record<string, string>];
  expect(spec[1]).toMatchObject({ "data-id": "i1", "data-author-id": "user-Ada", "data-author-name": "Ada", "data-created-at": "2026-12-07T12:00:00.000Z" });
});

test("a formatting change keeps the formatting before through HTML (copy and paste)", () => {
  const before = [{ type: "bold" }];
  const mark = documentSchema.marks.formatChange!.create({ ...by("f1"), before });
  const spec = documentSchema.marks.formatChange!.spec.toDOM!(mark, true) as [string, Record<string, string>];
  expect(spec[1]).toMatchObject({ "data-id": "f1", "data-author-name": "Ada", "data-before": JSON.stringify(before) });
  const element = { getAttribute: (name: string) => spec[1][name] ?? null } as unknown as HTMLElement;
  const parsed = documentSchema.marks.formatChange!.spec.parseDOM![0]!.getAttrs!(element as never);
  expect(parsed).toMatchObject({ id: "f1", before });
});

describe("a suggest-only change", () => {
  const base = () => docOf(p(t("Cap at "), del("12", "d1", "Bob"), t(" months.")));
  const ada = "user-Ada";

  test("passes when it only adds one's own suggestions, including a new paragraph typed as one", () => {
    const after = docOf(p(t("Cap at "), del("12", "d1", "Bob"), ins("18", "i2"), t(" months.")), p(ins("New point.", "i3")));
    expect(suggestOnlyViolation(base(), after, ada)).toBeNull();
    expect(suggestOnlyViolation(base(), docOf(p(t("Cap at "), del("12", "d1", "Bob"), t(" months.")), { type: "paragraph" }), ada)).toBeNull();
  });

  test("is refused when it changes the text directly, someone else's suggestion, or suggests in another's name", () => {
    expect(suggestOnlyViolation(base(), docOf(p(t("Cap at "), del("12", "d1", "Bob"), t(" weeks."))), ada)).toMatch(/text itself/);
    expect(suggestOnlyViolation(base(), docOf(p(t("Cap at 12 months."))), ada)).toMatch(/someone else's suggestion/);
    expect(suggestOnlyViolation(base(), docOf(p(t("Cap at "), del("12", "d1", "Bob"), ins("!", "i9", "Bob"), t(" months."))), ada)).toMatch(/in someone else's name/);
  });
});

describe("formatting changes", () => {
  const fmt = (text: string, marks: string[], before: JSONContent["marks"], id = "f1", author?: string): JSONContent => ({
    type: "text",
    text,
    marks: [...marks.map((type) => ({ type })), { type: "formatChange", attrs: { ...by(id, author), before } }],
  });
  const bold = (text: string): JSONContent => ({ type: "text", text, marks: [{ type: "bold" }] });
  const marksAt = (doc: ReturnType<typeof docOf>, text: string) => {
    let found: string[] | undefined;
    doc.descendants((node) => {
      if (node.isText && node.text === text) found = node.marks.map((m) => m.type.name);
      return found === undefined;
    });
    return found;
  };
  // "Cap" made bold, "12" made italic where it was bold (the first change's formatting recorded).
  const sample = () => docOf(p(fmt("Cap", ["bold"], []), t(" at "), fmt("12", ["italic"], [{ type: "bold" }], "f2", "Bob"), t(" months.")));

  test("are listed with what changed, by whom", () => {
    expect(collectSuggestions(sample()).map(({ kind, text, change, authorName }) => ({ kind, text, change, authorName }))).toEqual([
      { kind: "formatChange", text: "Cap", change: "Bold added", authorName: "Ada" },
      { kind: "formatChange", text: "12", change: "Italic added, bold removed", authorName: "Bob" },
    ]);
    expect(countSuggestionsInJson(sample().toJSON())).toBe(2);
  });

  test("accepting keeps the new formatting; rejecting restores the recorded formatting; the published text has the old", () => {
    const accepted = withSuggestionsAccepted(sample());
    expect(collectSuggestions(accepted)).toEqual([]);
    expect([marksAt(accepted, "Cap"), marksAt(accepted, "12")]).toEqual([["bold"], ["italic"]]);
    const rejected = withoutSuggestions(sample());
    expect(collectSuggestions(rejected)).toEqual([]);
    expect(rejected.child(0).toJSON().content).toEqual([t("Cap at "), bold("12"), t(" months.")]);
    const one = resolveSuggestions(new Transform(sample()), ({ attrs }) => (attrs.id === "f2" ? "reject" : null)).doc;
    expect([marksAt(one, "Cap"), marksAt(one, "12")]).toEqual([["bold", "formatChange"], ["bold"]]);
  });

  test("a link removed comes back with its address when rejected", () => {
    const link = { type: "link", attrs: { href: "https://example.com", target: null, rel: "noopener noreferrer nofollow", class: null, title: null } };
    const doc = withoutSuggestions(docOf(p(fmt("see terms", [], [link]))));
    expect(doc.child(0).firstChild!.marks.map((m) => m.toJSON())).toEqual([link]);
  });

  test("a reformatted suggested insertion or deletion resolves both: a rejected insertion goes, a rejected deletion keeps its old formatting", () => {
    const both = (kind: "insertion" | "deletion", text: string): JSONContent => ({
      type: "text",
      text,
      marks: [{ type: "bold" }, { type: kind, attrs: by(`${kind}-1`, "Bob") }, { type: "formatChange", attrs: { ...by("f9"), before: [] } }],
    });
    const doc = docOf(p(t("Keep "), both("insertion", "new"), t(" and "), both("deletion", "old")));
    expect(collectSuggestions(doc).map((s) => s.kind)).toEqual(["insertion", "formatChange", "deletion"]);
    const rejected = withoutSuggestions(doc);
    expect(rejected.child(0).toJSON().content).toEqual([t("Keep  and old")]);
    expect(withSuggestionsAccepted(doc).child(0).toJSON().content).toEqual([t("Keep "), bold("new"), t(" and ")]);
  });

  test("inline code is a formatting change too, beside a suggestion mark", () => {
    const code: JSONContent = { type: "text", text: "x", marks: [{ type: "code" }, { type: "formatChange", attrs: { ...by("f3"), before: [{ type: "bold" }] } }] };
    const doc = docOf(p(code));
    expect(collectSuggestions(doc).map((s) => s.change)).toEqual(["Code added, bold removed"]);
    expect(withoutSuggestions(doc).child(0).toJSON().content).toEqual([bold("x")]);
  });

  test("a suggest-only change may suggest formatting in its own name, not format directly or change another's formatting suggestion", () => {
    const ada = "user-Ada";
    const before = docOf(p(t("Cap at 12 months.")));
    expect(suggestOnlyViolation(before, docOf(p(fmt("Cap", ["bold"], []), t(" at 12 months."))), ada)).toBeNull();
    expect(suggestOnlyViolation(before, docOf(p(bold("Cap"), t(" at 12 months."))), ada)).toMatch(/text itself/);
    expect(suggestOnlyViolation(before, docOf(p(fmt("Cap", ["bold"], [], "f1", "Bob"), t(" at 12 months."))), ada)).toMatch(/in someone else's name/);
    const bobs = docOf(p(fmt("Cap", ["bold"], [], "f1", "Bob"), t(" at 12 months.")));
    expect(suggestOnlyViolation(bobs, docOf(p(fmt("Cap", ["bold", "italic"], [], "f1", "Bob"), t(" at 12 months."))), ada)).toMatch(/someone else's suggestion/);
  });
});

describe("block type suggestions", () => {
  const ada = "user-Ada";
  const change = (before: JSONContent["attrs"], id = "b1", author?: string) => ({ ...by(id, author), before });
  const h = (level: number, text: string, blockChange?: object): JSONContent => ({ type: "heading", attrs: { level, blockChange: blockChange ?? null }, content: [t(text)] });
  const para = (text: string, blockChange: object): JSONContent => ({ type: "paragraph", attrs: { blockChange }, content: [t(text)] });
  // "Liability" made a heading 2; "Terms" (a heading 1) made a paragraph.
  const sample = () => docOf(h(2, "Liability", change({ type: "paragraph" })), para("Terms", change({ type: "heading", level: 1 }, "b2", "Bob")), p(t("Cap.")));
  const types = (doc: ReturnType<typeof docOf>) => doc.content.content.map((block) => (block.type.name === "heading" ? `h${block.attrs.level}` : block.type.name));

  test("are listed with the block's text and what changed, by whom", () => {
    expect(collectSuggestions(sample()).map(({ kind, text, change: what, authorName }) => ({ kind, text, change: what, authorName }))).toEqual([
      { kind: "blockChange", text: "Liability", change: "Heading 2 (was paragraph)", authorName: "Ada" },
      { kind: "blockChange", text: "Terms", change: "Paragraph (was heading 1)", authorName: "Bob" },
    ]);
    expect(countSuggestionsInJson(sample().toJSON())).toBe(2);
  });

  test("accepting keeps the new type; rejecting restores the type before; the published text has the old types", () => {
    const accepted = withSuggestionsAccepted(sample());
    expect(types(accepted)).toEqual(["h2", "paragraph", "paragraph"]);
    expect(collectSuggestions(accepted)).toEqual([]);
    const rejected = withoutSuggestions(sample());
    expect(types(rejected)).toEqual(["paragraph", "h1", "paragraph"]);
    expect(collectSuggestions(rejected)).toEqual([]);
    const one = resolveSuggestions(new Transform(sample()), ({ attrs }) => (attrs.id === "b2" ? "reject" : null)).doc;
    expect(types(one)).toEqual(["h2", "h1", "paragraph"]);
    expect(collectSuggestions(one).map((s) => s.id)).toEqual(["b1"]);
    // Stored JSON without suggestions carries no empty attribute (as the Y.Doc gives it back).
    expect(jsonWithoutSuggestions(documentSchema, sample().toJSON()).content).toEqual([p(t("Liability")), { type: "heading", attrs: { level: 1 }, content: [t("Terms")] }, p(t("Cap."))]);
  });

  test("a rejected suggested paragraph made a heading goes with its text", () => {
    const doc = docOf(p(t("Kept.")), { type: "heading", attrs: { level: 2, blockChange: change({ type: "paragraph" }) }, content: [ins("New clause")] });
    expect(types(withoutSuggestions(doc))).toEqual(["paragraph"]);
  });

  test("keep their author, time and type before through HTML (copy and paste)", () => {
    const node = documentSchema.nodeFromJSON(h(2, "Liability", change({ type: "paragraph" })));
    const spec = documentSchema.nodes.heading!.spec.toDOM!(node) as [string, Record<string, string>];
    expect(spec[1]).toMatchObject({ class: "suggestion-block" });
    const element = { getAttribute: (name: string) => spec[1][name] ?? null } as unknown as HTMLElement;
    const rule = documentSchema.nodes.heading!.spec.parseDOM!.find((r) => r.tag === "h2")!;
    expect(rule.getAttrs!(element as never)).toMatchObject({ blockChange: change({ type: "paragraph" }) });
  });

  test("a suggest-only change may suggest a block type in its own name, not retype directly or in another's name", () => {
    const before = docOf(p(t("Liability")));
    expect(suggestOnlyViolation(before, docOf(h(2, "Liability", change({ type: "paragraph" }))), ada)).toBeNull();
    expect(suggestOnlyViolation(before, docOf(h(2, "Liability")), ada)).toMatch(/text itself/);
    expect(suggestOnlyViolation(before, docOf(h(2, "Liability", change({ type: "paragraph" }, "b1", "Bob"))), ada)).toMatch(/in someone else's name/);
    // A false "before" would publish another type: the text without suggestions differs.
    expect(suggestOnlyViolation(before, docOf(h(2, "Liability", change({ type: "heading", level: 1 }))), ada)).toMatch(/text itself/);
    const bobs = docOf(h(2, "Liability", change({ type: "paragraph" }, "b1", "Bob")));
    expect(suggestOnlyViolation(bobs, docOf(h(3, "Liability", change({ type: "paragraph" }, "b1", "Bob"))), ada)).toMatch(/someone else's suggestion/);
    // Suggesting text inside someone's retyped block is allowed.
    expect(suggestOnlyViolation(bobs, docOf({ ...h(2, "Liability", change({ type: "paragraph" }, "b1", "Bob")), content: [t("Liability"), ins(" cap", "i1")] }), ada)).toBeNull();
  });
});
