import { readFileSync } from "node:fs";
import * as Y from "yjs";
import { describe, expect, test } from "vitest";
import { prosemirrorJSONToYDoc } from "@tiptap/y-tiptap";
import { documentSchema } from "../../app/editor/schema.ts";
import { MAX_DOCUMENT_DEPTH } from "../config.ts";
import { applyJsonAsUpdate, checkDocumentJson, deriveContent, documentDepthExceeds, markdownToJson, slugifyHeading, yDocFromJson } from "./derive.ts";

const PLAYBOOK = `# Limitation of liability

Applies to {{counterparty}}.

:::clause {id="cap" name="Liability cap" escalateTo="General Counsel"}

:::preferred

Cap at 12 months' fees.

:::

:::fallback

Cap at 24 months' fees.

:::

:::fallback

Cap at 36 months' fees.

:::

:::redline

Unlimited liability.

:::

:::rationale

Market standard.

:::

:::

## Limitation of liability

- one
- two

# Über Größe
`;

describe("derive", () => {
  test("plain text: one line per block, template variables as {{name}}", () => {
    const { text } = deriveContent(yDocFromJson(markdownToJson(PLAYBOOK)));
    expect(text.split("\n")).toEqual([
      "Limitation of liability",
      "Applies to {{counterparty}}.",
      "Cap at 12 months' fees.",
      "Cap at 24 months' fees.",
      "Cap at 36 months' fees.",
      "Unlimited liability.",
      "Market standard.",
      "Limitation of liability",
      "one",
      "two",
      "Über Größe",
    ]);
  });

  test("sections: headings with derived, de-duplicated anchors and clause positions with their parts", () => {
    const { sections } = deriveContent(yDocFromJson(markdownToJson(PLAYBOOK)));
    expect(sections.map((s) => [s.kind, s.anchor, s.title, s.level])).toEqual([
      ["heading", "limitation-of-liability", "Limitation of liability", 1],
      ["clause", "clause-cap", "Liability cap", undefined],
      ["heading", "limitation-of-liability-2", "Limitation of liability", 2],
      ["heading", "uber-grosse", "Über Größe", 1],
    ]);
    expect(sections[0]?.text).toContain("Applies to {{counterparty}}.");
    expect(sections[1]?.clause).toEqual({
      clauseId: "cap",
      name: "Liability cap",
      preferred: "Cap at 12 months' fees.",
      fallbacks: ["Cap at 24 months' fees.", "Cap at 36 months' fees."],
      greyzone: "",
      redline: "Unlimited liability.",
      rationale: "Market standard.",
      pushback: "",
      spotting: "",
      escalateTo: "General Counsel",
      perspective: "",
      required: false,
      fallbackApprovers: ["", ""],
      greyzoneApprover: "",
      redlineApprover: "",
    });
    expect(sections[2]?.text).toBe("one\ntwo");
  });

  test("a version 2 clause: each part in its place, model wording searchable as the clause's text", () => {
    const markdown = readFileSync(new URL("../../test/fixtures/clause-position-v2.md", import.meta.url), "utf8");
    const { sections, text } = deriveContent(yDocFromJson(markdownToJson(markdown)));
    const clause = sections.find((s) => s.kind === "clause")!;
    expect(clause.clause).toMatchObject({
      perspective: "customer",
      required: true,
      preferred: "Cap at 12 months' fees.\nEach party's total liability is limited to the fees paid in the 12 months before the claim.",
      greyzone: "A cap above 24 months' fees but below the red line.",
      redline: "No cap at all.",
      pushback: "Our insurer will not cover more.",
      spotting: "Look for a cap defined in the order form.",
      fallbackApprovers: ["Supervising associate"],
      greyzoneApprover: "Partner",
      redlineApprover: "Client general counsel",
    });
    expect(clause.text).toContain("Each party's total liability is limited");
    expect(text).toContain("Each party's total liability is limited");
  });

  test("checklists: every task item's text, nested ones too, is in the plain text and its heading's section (search indexes both)", () => {
    const { text, sections } = deriveContent(yDocFromJson(markdownToJson("## Intake\n\n- [ ] Record the client's business objective\n  - [x] Conflicts cleared\n- [x] Open the mandate")));
    expect(text.split("\n")).toEqual(["Intake", "Record the client's business objective", "Conflicts cleared", "Open the mandate"]);
    expect(sections[0]?.text).toBe("Record the client's business objective\nConflicts cleared\nOpen the mandate");
  });

  test("slugs: lower-case ASCII, dashes, never empty", () => {
    expect(slugifyHeading("  Term & Termination (2024) ")).toBe("term-termination-2024");
    expect(slugifyHeading("???")).toBe("section");
    expect(slugifyHeading("责任限制 / Haftung")).toBe("责任限制-haftung");
  });

  test("JSON round-trips through the Y.Doc, and reading does not change it", () => {
    const json = markdownToJson(PLAYBOOK);
    const doc = yDocFromJson(json);
    const before = Y.encodeStateAsUpdate(doc);
    expect(deriveContent(doc).json).toEqual(json);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  test("JSON that does not fit the schema is refused", () => {
    expect(() => yDocFromJson({ type: "doc", content: [{ type: "nonsense" }] })).toThrow();
    expect(() => yDocFromJson({ type: "paragraph" })).toThrow();
  });

  test("applyJsonAsUpdate replaces the content as a new change that applies on every replica", () => {
    const server = yDocFromJson(markdownToJson("Old text"));
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(server));
    const update = applyJsonAsUpdate(server, markdownToJson("# New\n\nNew text"));
    expect(deriveContent(server).text).toBe("Old text"); // the input is not changed
    Y.applyUpdate(replica, update);
    expect(deriveContent(replica).text).toBe("New\nNew text");
    // The update is only the change, not the whole state.
    expect(update.length).toBeLessThan(Y.encodeStateAsUpdate(replica).length);
  });
});

describe("document depth", () => {
  const nested = (depth: number) => {
    let node: Record<string, unknown> = { type: "paragraph", content: [{ type: "text", text: "deep" }] };
    for (let i = 0; i < depth; i++) node = { type: "callout", content: [node] };
    return { type: "doc", content: [node] };
  };

  test("30,000 nested callouts are refused at once, before any recursive walk", () => {
    const started = performance.now();
    expect(() => checkDocumentJson(nested(30_000))).toThrow(`Nodes nest more than ${MAX_DOCUMENT_DEPTH} levels deep.`);
    expect(() => yDocFromJson(nested(30_000))).toThrow(RangeError);
    expect(() => applyJsonAsUpdate(new Y.Doc(), nested(30_000))).toThrow(RangeError);
    expect(performance.now() - started).toBeLessThan(500);
  });

  test("counts nodes through content arrays: the limit itself fits, one more does not", () => {
    // doc (1) + callouts + paragraph + text.
    expect(documentDepthExceeds(nested(MAX_DOCUMENT_DEPTH - 3))).toBe(false);
    expect(documentDepthExceeds(nested(MAX_DOCUMENT_DEPTH - 2))).toBe(true);
    expect(() => checkDocumentJson(nested(MAX_DOCUMENT_DEPTH - 3))).not.toThrow();
    expect(documentDepthExceeds({ type: "doc", content: Array.from({ length: 50_000 }, () => ({ type: "paragraph" })) })).toBe(false);
  });
});

describe("links derived from the live document", () => {
  test("a collaborator's javascript: link is not in the derived JSON that is stored, served and exported", () => {
    const json = {
      type: "doc",
      content: [{ type: "paragraph", content: [{ type: "text", text: "Click", marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }] }] }],
    };
    // Straight into a Y.Doc, as a socket's update would put it (no check on the way in).
    const ydoc = prosemirrorJSONToYDoc(documentSchema, json, "default");
    const derived = deriveContent(ydoc);
    expect(JSON.stringify(derived.json)).not.toContain("javascript:");
    expect(derived.text).toContain("Click");
  });
});
