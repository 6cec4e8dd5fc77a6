import { describe, expect, test } from "vitest";
import type { JSONContent } from "@tiptap/core";
import { documentSchema } from "./schema";
import { clauseSourceOf } from "./extensions";
import { documentJsonToMarkdown, markdownToDocumentJson } from "./markdown";

// A clause inserted from the library remembers its source (ADR 033): these attributes must survive
// every way a document travels — Markdown (the library format, byte for byte), HTML and JSON.

const fromLibrary = [
  "Before.",
  "",
  ':::clause {id="local-1" name="Limitation of liability" escalateTo="General Counsel" sourceDocument="cm1source" sourceVersion="cm1version" sourceClause="clause-lol-cap"}',
  "",
  ":::preferred",
  "",
  "Cap at 12 months' fees.",
  "",
  ":::",
  "",
  ":::",
  "",
  ':::clause {id="local-2" name="Confidentiality" sourceDocument="cm2source" sourceVersion="cm2version" sourceClause="clause"}',
  "",
  ":::preferred",
  "",
  "Each party keeps the other's information confidential.",
  "",
  ":::",
  "",
  ":::",
].join("\n");

const clauses = (json: JSONContent) => (json.content ?? []).filter((n) => n.type === "clausePosition");

describe("a clause's library source", () => {
  test("reads from Markdown into the clause's attributes and writes back byte for byte", () => {
    const json = markdownToDocumentJson(fromLibrary);
    expect(clauses(json).map((c) => clauseSourceOf(c.attrs))).toEqual([
      { sourceDocumentId: "cm1source", sourceVersionId: "cm1version", sourceClause: "clause-lol-cap" },
      { sourceDocumentId: "cm2source", sourceVersionId: "cm2version", sourceClause: "clause" },
    ]);
    expect(documentJsonToMarkdown(json)).toBe(fromLibrary);
    expect(() => documentSchema.nodeFromJSON(json).check()).not.toThrow();
  });

  test("a clause written here has no source and its Markdown names none", () => {
    const markdown = ':::clause {id="c1" name="Term"}\n\n:::preferred\n\nTwo years.\n\n:::\n\n:::';
    const json = markdownToDocumentJson(markdown);
    expect(clauseSourceOf(clauses(json)[0]?.attrs)).toBeNull();
    expect(documentJsonToMarkdown(json)).toBe(markdown);
  });

  test("a source missing its version or clause is no source (nothing to compare against)", () => {
    expect(clauseSourceOf({ sourceDocumentId: "d", sourceVersionId: "", sourceClause: "clause-x" })).toBeNull();
    expect(clauseSourceOf({ sourceDocumentId: "d", sourceVersionId: "v", sourceClause: "" })).toBeNull();
    expect(clauseSourceOf(undefined)).toBeNull();
  });

  test("escapes quotes and braces in source values", () => {
    const json: JSONContent = {
      type: "doc",
      content: [
        {
          type: "clausePosition",
          attrs: { clauseId: "c1", name: "N", escalateTo: "", sourceDocumentId: 'd"1', sourceVersionId: "v}1", sourceClause: "a\\b" },
          content: [{ type: "clausePart", attrs: { role: "preferred" }, content: [{ type: "paragraph" }] }],
        },
      ],
    };
    const markdown = documentJsonToMarkdown(json);
    expect(clauseSourceOf(clauses(markdownToDocumentJson(markdown))[0]?.attrs)).toEqual({ sourceDocumentId: 'd"1', sourceVersionId: "v}1", sourceClause: "a\\b" });
  });

  test("renders to HTML data attributes and parses them back; none when there is no source", () => {
    const [withSource, plain] = clauses(markdownToDocumentJson(fromLibrary + '\n\n:::clause {id="c3" name="Plain"}\n\n:::preferred\n\nx\n\n:::\n\n:::'))
      .filter((_, i) => i !== 1)
      .map((c) => documentSchema.nodeFromJSON(c));
    const dom = withSource!.type.spec.toDOM?.(withSource!) as [string, Record<string, string>];
    expect(dom[1]).toMatchObject({ "data-source-document": "cm1source", "data-source-version": "cm1version", "data-source-clause": "clause-lol-cap" });
    const plainDom = plain!.type.spec.toDOM?.(plain!) as [string, Record<string, string>];
    expect(Object.keys(plainDom[1]).filter((k) => k.startsWith("data-source"))).toEqual([]);

    const rule = documentSchema.nodes.clausePosition!.spec.parseDOM!.find((r) => "tag" in r && r.tag === "section[data-clause-position]")!;
    const element = { getAttribute: (name: string) => dom[1][name] ?? null } as unknown as HTMLElement;
    const attrs = "getAttrs" in rule && rule.getAttrs ? rule.getAttrs(element) : null;
    expect(clauseSourceOf(attrs as Record<string, unknown>)).toEqual({ sourceDocumentId: "cm1source", sourceVersionId: "cm1version", sourceClause: "clause-lol-cap" });
  });
});
