import { describe, expect, test } from "vitest";
import { slugifyHeading as serverSlug } from "../../../server/documents/derive.ts";
import { markOnlyHtml } from "./highlight.tsx";
import { slugifyHeading } from "./scroll-to-anchor.tsx";

describe("search page helpers", () => {
  test("only <mark> passes through as markup; the engine's escapes stay escaped", () => {
    expect(markOnlyHtml("a <mark>cap</mark> &amp; &lt;b&gt;")).toBe("a <mark>cap</mark> &amp; &lt;b&gt;");
    expect(markOnlyHtml('<img src=x onerror="alert(1)"><mark>x</mark><script>')).toBe(
      '&lt;img src=x onerror="alert(1)"&gt;<mark>x</mark>&lt;script&gt;',
    );
    expect(markOnlyHtml("<mark class=x>y</mark>")).toBe("&lt;mark class=x&gt;y</mark>");
  });

  test("the page finds headings by the same slug the server derives", () => {
    for (const text of ["Über Größe", "Limitation of liability", "  Clause 4.2 — Fees (£)  ", "", "Привет мир", "x".repeat(120)]) {
      expect(slugifyHeading(text)).toBe(serverSlug(text));
    }
  });
});
