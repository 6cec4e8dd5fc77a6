import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { documentJsonToMarkdown } from "../../app/editor/markdown.ts";
import { markdownToJson } from "./derive.ts";
import { findLibraryClause, libraryClauseJson } from "./library-clause.ts";

describe("a library clause copied into a document", () => {
  test("keeps a version 2 clause whole: perspective, Required, approvers, every part and the model wording (ADR 035)", () => {
    const markdown = readFileSync(new URL("../../test/fixtures/clause-position-v2.md", import.meta.url), "utf8");
    const clause = findLibraryClause(markdownToJson(markdown), "clause-c2")!;
    expect(clause).toMatchObject({ name: "Limitation of liability", perspective: "customer", required: true });
    const copied = libraryClauseJson(clause, { sourceDocumentId: "d1", sourceVersionId: "v1", sourceClause: "clause-c2" });
    const written = documentJsonToMarkdown({ type: "doc", content: [{ ...copied, attrs: { ...copied.attrs, clauseId: "c2" } }] });
    // The source's Markdown, less "Before." and plus where it came from.
    const original = markdown.trim().replace("Before.\n\n", "");
    expect(written).toBe(
      original.replace('perspective="customer" required}', 'perspective="customer" required sourceDocument="d1" sourceVersion="v1" sourceClause="clause-c2"}'),
    );
  });
});
