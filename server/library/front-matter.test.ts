import { describe, expect, test } from "vitest";
import { FrontMatterError, needsQuotes, parseLibraryFile, writeFrontMatter, writeLibraryFile } from "./front-matter.ts";

const CANONICAL = `---
slug: nda-negotiation-england-wales
kind: playbook
title: "NDA negotiation: England and Wales"
summary: Positions on the clauses of a mutual or one-way NDA, with fallbacks and red lines.
status: published
practiceArea: Commercial
jurisdictions:
  - England and Wales
tags:
  - nda
  - confidentiality
  - "#priority"
ownerRole: Knowledge lawyer
reviewIntervalMonths: 12
lawStatedAt: 2026-11-30
---

# NDA negotiation

Body text.
`;

function errorOf(source: string, file = "playbooks/x.md"): FrontMatterError {
  try {
    parseLibraryFile(source, file);
  } catch (error) {
    if (error instanceof FrontMatterError) return error;
    throw error;
  }
  throw new Error("expected a FrontMatterError");
}

describe("library front matter", () => {
  test("parses every key and writes a canonical file back byte for byte", () => {
    const parsed = parseLibraryFile(CANONICAL, "a.md");
    expect(parsed.frontMatter).toEqual({
      slug: "nda-negotiation-england-wales",
      kind: "playbook",
      title: "NDA negotiation: England and Wales",
      summary: "Positions on the clauses of a mutual or one-way NDA, with fallbacks and red lines.",
      status: "published",
      practiceArea: "Commercial",
      jurisdictions: ["England and Wales"],
      tags: ["nda", "confidentiality", "#priority"],
      ownerRole: "Knowledge lawyer",
      reviewIntervalMonths: 12,
      lawStatedAt: "2026-11-30",
    });
    expect(parsed.body).toBe("# NDA negotiation\n\nBody text.");
    expect(writeLibraryFile(parsed)).toBe(CANONICAL);
  });

  test("reads another key order and needless quotes, and writes them canonically", () => {
    const source = `---\ntitle: "Plain"\nkind: toolkit\nslug: kit\nitems:\n  - a\n  - b\n---\n\nx\n`;
    const parsed = parseLibraryFile(source, "kit.md");
    expect(writeFrontMatter(parsed.frontMatter)).toBe(`---\nslug: kit\nkind: toolkit\ntitle: Plain\nitems:\n  - a\n  - b\n---\n`);
  });

  test("quotes exactly what YAML would misread, and escapes quotes and backslashes", () => {
    for (const v of ["", " x", "- x", "a: b", "a #b", "true", "No", "null", "12", "1.5", "[x]", "'x'", '"x"', "@x", "x:"]) {
      expect(needsQuotes(v), v).toBe(true);
    }
    for (const v of ["England and Wales", "UK GDPR", "Section 2(a)", "12 months", "a:b", "x#y", "O'Brien"]) {
      expect(needsQuotes(v), v).toBe(false);
    }
    const fm = { slug: "s", kind: "precedent" as const, title: 'The "Act" \\ more: yes' };
    const written = writeLibraryFile({ frontMatter: fm, body: "b" });
    expect(written).toContain('title: "The \\"Act\\" \\\\ more: yes"');
    expect(parseLibraryFile(written, "s.md").frontMatter).toEqual(fm);

    // A summary typed in the app may span lines: escaped, so the front matter stays one line per key.
    const multiline = { ...fm, summary: "First line.\nSecond\tline." };
    const text = writeLibraryFile({ frontMatter: multiline, body: "b" });
    expect(text).toContain('summary: "First line.\\nSecond\\tline."');
    expect(parseLibraryFile(text, "s.md").frontMatter).toEqual(multiline);
  });

  test("reads a list on one line, plain or quoted items, and writes it back as a block list", () => {
    const source = `---\nslug: kit\nkind: toolkit\ntitle: Kit\njurisdictions: [England and Wales, "New York, USA"]\ntags: [nda,gdpr ]\nitems: [a, b]\n---\n\nx\n`;
    const { frontMatter } = parseLibraryFile(source, "kit.md");
    expect(frontMatter).toMatchObject({ jurisdictions: ["England and Wales", "New York, USA"], tags: ["nda", "gdpr"], items: ["a", "b"] });
    expect(writeFrontMatter(frontMatter)).toBe(
      `---\nslug: kit\nkind: toolkit\ntitle: Kit\njurisdictions:\n  - England and Wales\n  - New York, USA\ntags:\n  - nda\n  - gdpr\nitems:\n  - a\n  - b\n---\n`,
    );
  });

  test("a toolkit names its deliverable types, each with one of its templates, and writes them back byte for byte", () => {
    const source = `---\nslug: kit\nkind: toolkit\ntitle: Kit\nitems:\n  - guide\n  - nda\n  - letter\ndeliverables:\n  - type: NDA review\n    template: nda\n  - type: "Engagement letter: fixed fee"\n    template: letter\n---\n\nx\n`;
    const parsed = parseLibraryFile(source, "kit.md");
    expect(parsed.frontMatter.deliverables).toEqual([
      { type: "NDA review", template: "nda" },
      { type: "Engagement letter: fixed fee", template: "letter" },
    ]);
    expect(writeLibraryFile(parsed)).toBe(source);
  });

  test("refuses a deliverable whose template is not one of the toolkit's items, naming the file and field", () => {
    const head = "---\nslug: kit\nkind: toolkit\ntitle: Kit\nitems:\n  - nda\n";
    const unknown = errorOf(`${head}deliverables:\n  - type: NDA review\n    template: no-such-template\n---\n`, "playbooks/kit.md");
    expect(unknown.message).toBe('playbooks/kit.md: deliverables.0.template: "no-such-template" is not one of this toolkit\'s items: list it under items.');
    const cases: [string, RegExp][] = [
      [`${head}deliverables:\n  - type: A\n    template: nda\n  - type: B\n    template: nda\n---\n`, /already names a deliverable type/],
      [`${head}deliverables:\n  - template: nda\n---\n`, /deliverables\.0\.type/],
      [`${head}deliverables:\n  - type: A\n    colour: red\n---\n`, /Unknown key colour/],
      [`${head}deliverables:\n  - type: A\n    type: B\n---\n`, /appears twice/],
      [`${head}deliverables: [nda]\n---\n`, /followed by `  - type/],
      [`${head}deliverables:\n  - nda\n---\n`, /Write each deliverable/],
      ["---\nslug: a\nkind: template\ntitle: T\ndeliverables:\n  - type: A\n    template: a\n---\n", /Only a toolkit suggests deliverables/],
    ];
    for (const [source, pattern] of cases) expect(errorOf(source).message, source).toMatch(pattern);
  });

  test("a file without a slug takes its file name's, kebab-cased", () => {
    const source = `---\nkind: precedent\ntitle: Side letter\n---\n\nx\n`;
    expect(parseLibraryFile(source, "contracts/Side Letter (v2).md").frontMatter.slug).toBe("side-letter-v2");
    expect(parseLibraryFile(source, "memo.MD").frontMatter.slug).toBe("memo");
    expect(parseLibraryFile(`---\nslug: given\nkind: precedent\ntitle: T\n---\n`, "other.md").frontMatter.slug).toBe("given");
  });

  test("names the file, key and line of every problem", () => {
    const error = errorOf(`---\nslug: Bad Slug\nkind: memo\ntitle: T\ncolour: red\n---\n`, "playbooks/bad.md");
    expect(error.message).toMatch(/^playbooks\/bad\.md: /);
    expect(error.issues).toEqual([{ key: "colour", line: 5, message: expect.stringContaining("Unknown key") }]);

    const invalid = errorOf(`---\nslug: Bad Slug\nkind: memo\ntitle: T\n---\n`);
    expect(invalid.issues.map((i) => i.key).sort()).toEqual(["kind", "slug"]);
  });

  test("refuses what the subset does not have instead of misreading it", () => {
    const cases: [string, RegExp][] = [
      ["no front matter\n", /must start with a ---/],
      ["---\nslug: a\n", /no closing ---/],
      ["---\nslug: a\nslug: b\n---\n", /appears twice/],
      ["---\nslug: a\nkind: playbook\ntitle: T\ntags: a, b\n---\n", /key: \[a, b\]/],
      ["---\nslug: a\nkind: playbook\ntitle: T\ntags: [a, [b]]\n---\n", /double quotes/],
      ["---\nslug: a\nkind: playbook\ntitle: T\ntags: [a \"b\"]\n---\n", /Separate the list's items with commas/],
      ["---\nslug: a\nkind: playbook\ntitle: T\ntags: [a, , b]\n---\n", /empty item/],
      ["---\nslug: a\nkind: playbook\ntitle: T\ntags: []\n---\n", /empty list/],
      ["---\nslug: a\nkind: playbook\ntitle: T\ntags: [true]\n---\n", /double quotes/],
      ["---\nslug: a\nkind: playbook\ntitle: T\ntags:\n---\n", /empty list/],
      ["---\nslug: a\nkind: playbook\ntitle: T\n# a comment\n---\n", /Expected `key: value`/],
      ["---\nslug: a\nkind: playbook\ntitle: true\n---\n", /double quotes/],
      ["---\nslug: a\nkind: playbook\ntitle: T\nreviewIntervalMonths: twelve\n---\n", /whole number/],
      ["---\nslug: a\nkind: playbook\ntitle: T\nreviewIntervalMonths: 0\n---\n", /at least/],
      ["---\nslug: a\nkind: playbook\ntitle: T\nlawStatedAt: 30 November 2026\n---\n", /lawStatedAt: .*YYYY-MM-DD/],
      ["---\nslug: a\nkind: playbook\ntitle: T\nlawStatedAt: 2026-02-30\n---\n", /lawStatedAt: That day does not exist/],
      ["---\nslug: a\nkind: playbook\ntitle: T\nitems:\n  - b\n---\n", /Only a toolkit/],
      ["---\nslug: a\nkind: toolkit\ntitle: T\ntags:\n  - x\n  - X\n---\n", /repeat/],
      ["---\nslug: a\n\tkind: playbook\n---\n", /tabs/],
      ['---\nslug: a\nkind: playbook\ntitle: "open\n---\n', /quoted value/],
      ["---\r\nslug: a\r\nkind: playbook\r\ntitle: T\r\n---\r\n", /LF line endings/],
    ];
    for (const [source, pattern] of cases) expect(errorOf(source).message, source).toMatch(pattern);
  });
});
