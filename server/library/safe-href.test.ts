import { describe, expect, test } from "vitest";
import { isStorableHref, stripUnsafeLinks } from "./safe-href.ts";

const linked = (href: string) => ({ type: "text", text: "click", marks: [{ type: "bold" }, { type: "link", attrs: { href } }] });

describe("stored links", () => {
  test.each(["https://example.com/a?b=c", "http://example.com", "mailto:gc@client.example", "/documents/abc", "#clause-cap", "?tab=versions"])(
    "keeps %s",
    (href) => expect(isStorableHref(href)).toBe(true),
  );

  test.each([
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox",
    "//evil.example",
    "/\t/evil.example",
    "/\\evil.example",
    "https://ok.example/\nx",
    "ftp://files.example",
    "relative/path",
  ])("drops %j", (href) => expect(isStorableHref(href)).toBe(false));

  test("strips unsafe link marks anywhere in the tree and keeps the text and other marks", () => {
    const doc = {
      type: "doc",
      content: [
        { type: "paragraph", content: [linked("javascript:alert(1)"), linked("https://ok.example")] },
        { type: "callout", content: [{ type: "paragraph", content: [{ type: "text", text: "x", marks: [{ type: "link", attrs: { href: "data:," } }] }] }] },
      ],
    };
    expect(stripUnsafeLinks(doc)).toEqual({
      type: "doc",
      content: [
        { type: "paragraph", content: [{ type: "text", text: "click", marks: [{ type: "bold" }] }, linked("https://ok.example")] },
        { type: "callout", content: [{ type: "paragraph", content: [{ type: "text", text: "x" }] }] },
      ],
    });
  });
});
