import { describe, expect, test } from "vitest";
import type { JSONContent } from "@tiptap/core";
import { documentSchema } from "./schema";
import { EMPTY_CLAUSE_SOURCE, documentExtensions } from "./extensions";
import { documentJsonToMarkdown, markdownToDocumentJson } from "./markdown";

const p = (text?: string): JSONContent => (text ? { type: "paragraph", content: [{ type: "text", text }] } : { type: "paragraph" });

/** A document with every node type of the schema. */
const everyNodeDocument: JSONContent = {
  type: "doc",
  content: [
    { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Liability" }] },
    {
      type: "paragraph",
      content: [
        { type: "text", text: "Between " },
        { type: "templateVariable", attrs: { name: "customer", label: "Customer", defaultValue: "Acme Ltd", required: true } },
        { type: "text", text: " and " },
        { type: "templateVariable", attrs: { name: "supplier", label: "", defaultValue: "", required: false } },
        { type: "text", text: ", see ", marks: [{ type: "bold" }] },
        { type: "text", text: "the guide", marks: [{ type: "link", attrs: { href: "https://example.com/guide" } }] },
        { type: "hardBreak" },
        { type: "text", text: "code", marks: [{ type: "code" }] },
      ],
    },
    {
      type: "clausePosition",
      attrs: { clauseId: "c1", name: "Limitation of liability", escalateTo: "General Counsel" },
      content: [
        { type: "clausePart", attrs: { role: "preferred" }, content: [p("Cap at 12 months' fees.")] },
        { type: "clausePart", attrs: { role: "fallback" }, content: [p("Cap at 18 months' fees.")] },
        { type: "clausePart", attrs: { role: "fallback" }, content: [{ type: "bulletList", content: [{ type: "listItem", content: [p("Cap at 24 months.")] }] }] },
        { type: "clausePart", attrs: { role: "redline" }, content: [p("Unlimited liability.")] },
        { type: "clausePart", attrs: { role: "rationale" }, content: [p("Insurance covers 2x fees.")] },
      ],
    },
    { type: "callout", attrs: { tone: "warning" }, content: [p("Check the governing law first.")] },
    {
      type: "table",
      content: [
        { type: "tableRow", content: [{ type: "tableHeader", content: [p("Term")] }, { type: "tableHeader", content: [p("Position")] }] },
        { type: "tableRow", content: [{ type: "tableCell", content: [p("Cap")] }, { type: "tableCell", content: [p("12 months")] }] },
      ],
    },
    { type: "orderedList", content: [{ type: "listItem", content: [p("One")] }] },
    { type: "blockquote", content: [p("Quoted")] },
    { type: "codeBlock", content: [{ type: "text", text: "const x = 1;" }] },
    { type: "horizontalRule" },
  ],
};

describe("document schema", () => {
  test("builds in Node with every custom node and the StarterKit/table nodes", () => {
    for (const name of ["doc", "paragraph", "heading", "table", "tableRow", "tableHeader", "tableCell", "callout", "clausePosition", "clausePart", "templateVariable"]) {
      expect(documentSchema.nodes[name], name).toBeDefined();
    }
    expect(documentSchema.marks.link).toBeDefined();
    expect(documentSchema.nodes.clausePosition?.spec.content).toBe("clausePart+");
    expect(documentSchema.nodes.clausePart?.spec.content).toBe("block+ clauseWording?");
    expect(documentSchema.nodes.templateVariable?.isInline).toBe(true);
    expect(documentSchema.nodes.templateVariable?.isAtom).toBe(true);
  });

  test("validates a document that uses every node type", () => {
    const doc = documentSchema.nodeFromJSON(everyNodeDocument);
    expect(() => doc.check()).not.toThrow();
    const again = documentSchema.nodeFromJSON(doc.toJSON());
    expect(again.eq(doc)).toBe(true);
    const clause = doc.child(2);
    expect(clause.attrs).toEqual({ clauseId: "c1", name: "Limitation of liability", escalateTo: "General Counsel", ...EMPTY_CLAUSE_SOURCE, perspective: "", required: false });
    expect(doc.child(1).child(1).attrs).toEqual({ name: "customer", label: "Customer", defaultValue: "Acme Ltd", required: true, type: "text", choices: [] });
  });

  test("rejects a clause position without parts and a clause part outside a clause", () => {
    const empty = documentSchema.nodeFromJSON({ type: "doc", content: [{ type: "clausePosition", attrs: { clauseId: "x", name: "", escalateTo: "" } }] });
    expect(() => empty.check()).toThrow();
    const stray = documentSchema.nodeFromJSON({ type: "doc", content: [{ type: "clausePart", attrs: { role: "preferred" }, content: [p("x")] }] });
    expect(() => stray.check()).toThrow();
  });

  test("documentExtensions with node views builds the same schema", () => {
    const view = () => ({ dom: {} as HTMLElement });
    const withViews = documentExtensions({ nodeViews: { clausePosition: view, templateVariable: view } });
    expect(withViews.map((e) => e.name)).toEqual(documentExtensions().map((e) => e.name));
  });
});

describe("markdown", () => {
  test("round-trips every custom node", () => {
    const markdown = documentJsonToMarkdown(everyNodeDocument);
    expect(markdown).toContain(':::clause {id="c1" name="Limitation of liability" escalateTo="General Counsel"}');
    expect(markdown).toContain(":::fallback");
    expect(markdown).toContain(":::warning");
    expect(markdown).toContain('{{customer label="Customer" default="Acme Ltd" required}}');
    expect(markdown).toContain("{{supplier}}");
    expect(documentJsonToMarkdown(markdownToDocumentJson('Dated {{signed type="date"}}.'))).toContain('{{signed type="date"}}');
    const choice = markdownToDocumentJson('Risk: {{risk type="choice" choices="Low|Medium|High"}}.');
    expect(choice.content?.[0]?.content?.[1]?.attrs).toMatchObject({ type: "choice", choices: ["Low", "Medium", "High"] });
    expect(documentJsonToMarkdown(choice)).toContain('{{risk type="choice" choices="Low|Medium|High"}}');
    const parsed = markdownToDocumentJson(markdown);
    const doc = documentSchema.nodeFromJSON(parsed);
    expect(() => doc.check()).not.toThrow();
    const clause = parsed.content?.find((n) => n.type === "clausePosition");
    expect(clause?.attrs).toEqual({ clauseId: "c1", name: "Limitation of liability", escalateTo: "General Counsel", ...EMPTY_CLAUSE_SOURCE, perspective: "", required: false });
    expect(clause?.content?.map((part) => part.attrs?.role)).toEqual(["preferred", "fallback", "fallback", "redline", "rationale"]);
    expect(parsed.content?.find((n) => n.type === "callout")?.attrs).toEqual({ tone: "warning" });
    expect(documentJsonToMarkdown(parsed)).toBe(markdown);
  });

  test("escapes quotes and braces in attribute values", () => {
    const json: JSONContent = {
      type: "doc",
      content: [{ type: "clausePosition", attrs: { clauseId: "c2", name: 'The "Cap" {1}', escalateTo: "a\\b" }, content: [{ type: "clausePart", attrs: { role: "preferred" }, content: [p("x")] }] }],
    };
    const parsed = markdownToDocumentJson(documentJsonToMarkdown(json));
    expect(parsed.content?.[0]?.attrs).toEqual({ clauseId: "c2", name: 'The "Cap" {1}', escalateTo: "a\\b", ...EMPTY_CLAUSE_SOURCE, perspective: "", required: false });
  });

  test("reads hand-written playbook Markdown and fills in missing clause ids", () => {
    const parsed = markdownToDocumentJson(
      ['# Playbook', '', 'Dear {{name}},', '', ':::clause {name="Term"}', ':::preferred', 'Two years.', ':::', ':::redline', 'Evergreen.', ':::', ':::', '', ':::note', 'Info', ':::'].join("\n"),
    );
    const doc = documentSchema.nodeFromJSON(parsed);
    expect(() => doc.check()).not.toThrow();
    const clause = parsed.content?.find((n) => n.type === "clausePosition");
    expect(clause?.attrs?.clauseId).toMatch(/^[0-9a-f]{16}$/);
    expect(clause?.content?.map((part) => part.attrs?.role)).toEqual(["preferred", "redline"]);
    expect(parsed.content?.find((n) => n.type === "callout")?.attrs?.tone).toBe("info");
  });
});

/** A stand-in for a DOM element: enough for the parse rules, which only read attributes. */
const fakeElement = (attrs: Record<string, string>) => ({ getAttribute: (name: string) => attrs[name] ?? null }) as unknown as HTMLElement;

function toDOM(json: JSONContent): unknown {
  const node = documentSchema.nodeFromJSON(json);
  return node.type.spec.toDOM?.(node);
}

function parseAttrs(nodeName: string, tag: string, attrs: Record<string, string>) {
  const rule = documentSchema.nodes[nodeName]?.spec.parseDOM?.find((r) => "tag" in r && r.tag === tag);
  if (!rule || !("tag" in rule)) throw new Error(`no parse rule ${tag} for ${nodeName}`);
  return rule.getAttrs ? rule.getAttrs(fakeElement(attrs)) : rule.attrs;
}

describe("HTML", () => {
  test("renders custom nodes with data attributes", () => {
    const clause = everyNodeDocument.content?.[2] as JSONContent;
    expect(toDOM(clause)).toEqual([
      "section",
      { "data-clause-position": "", "data-clause-id": "c1", "data-name": "Limitation of liability", "data-escalate-to": "General Counsel" },
      0,
    ]);
    expect(toDOM(clause.content?.[1] as JSONContent)).toEqual(["div", { "data-clause-part": "fallback" }, 0]);
    expect(toDOM({ type: "templateVariable", attrs: { name: "customer", label: "Customer", defaultValue: "Acme", required: true } })).toEqual([
      "span",
      { "data-template-variable": "", "data-name": "customer", "data-label": "Customer", "data-default": "Acme", "data-required": "true" },
      "{{customer}}",
    ]);
    expect(toDOM({ type: "callout", attrs: { tone: "tip" }, content: [p("x")] })).toEqual(["div", { "data-callout": "", role: "note", "data-tone": "tip" }, 0]);
  });

  test("parses the same data attributes back", () => {
    expect(parseAttrs("clausePosition", "section[data-clause-position]", { "data-clause-id": "c9", "data-name": "Term", "data-escalate-to": "GC" })).toEqual({
      clauseId: "c9",
      name: "Term",
      escalateTo: "GC",
      ...EMPTY_CLAUSE_SOURCE,
      perspective: "",
      required: false,
    });
    expect(parseAttrs("clausePart", "div[data-clause-part]", { "data-clause-part": "redline" })).toEqual({ role: "redline", approver: "" });
    expect(parseAttrs("clausePart", "div[data-clause-part]", { "data-clause-part": "bogus" })).toEqual({ role: "preferred", approver: "" });
    expect(parseAttrs("templateVariable", "span[data-template-variable]", { "data-name": "party", "data-required": "true" })).toEqual({
      name: "party",
      label: "",
      defaultValue: "",
      required: true,
      type: "text",
      choices: [],
    });
    expect(parseAttrs("templateVariable", "span[data-template-variable]", { "data-name": "signed", "data-type": "date" })).toMatchObject({ type: "date" });
    expect(parseAttrs("templateVariable", "span[data-template-variable]", { "data-name": "risk", "data-type": "choice", "data-choices": "Low| Medium |High|Low|" })).toMatchObject({
      type: "choice",
      choices: ["Low", "Medium", "High"],
    });
    expect(parseAttrs("templateVariable", "span[data-template-variable]", { "data-name": "signed", "data-type": "bogus" })).toMatchObject({ type: "text" });
    expect(parseAttrs("callout", "div[data-callout]", { "data-tone": "warning" })).toEqual({ tone: "warning" });
  });
});
