import { describe, expect, test } from "vitest";
import { buildSnippet, ELLIPSIS, matchTerms } from "./highlight.ts";

const filler = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(" ");

describe("buildSnippet", () => {
  test("a short text is shown whole, escaped, with its match marked", () => {
    expect(buildSnippet("  The <b>cap</b>\n on  liability ", matchTerms(["liability"]))).toBe(
      "The &lt;b&gt;cap&lt;/b&gt; on <mark>liability</mark>",
    );
  });

  test("a long text is cut around its first match, at word boundaries, with ellipses where text was left out", () => {
    const text = `${filler(400)}\n\n  The supplier's   indemnity covers third-party claims. ${filler(400)}`;
    const snippet = buildSnippet(text, matchTerms(["indemnity"]), 120);
    expect(snippet.startsWith(ELLIPSIS)).toBe(true);
    expect(snippet.endsWith(ELLIPSIS)).toBe(true);
    expect(snippet).toContain("The supplier&#39;s <mark>indemnity</mark> covers third-party claims.");
    const inner = snippet.slice(1, -1);
    expect(inner.length).toBeLessThanOrEqual(120 + "<mark></mark>".length + 8);
    // Every word shown is whole: each starts "word" + digits or is part of the sentence.
    for (const w of inner.replace(/<\/?mark>/g, "").split(" ")) expect(w).toMatch(/^(word\d+|The|supplier&#39;s|indemnity|covers|third-party|claims\.)$/);
  });

  test("a match near the start needs no leading ellipsis; without any match the text's start is shown", () => {
    const text = `Indemnity first. ${filler(300)}`;
    expect(buildSnippet(text, matchTerms(["indemnity"]), 100).startsWith("<mark>Indemnity</mark> first.")).toBe(true);
    const none = buildSnippet(text, matchTerms(["absent"]), 100);
    expect(none.startsWith("Indemnity first. word0")).toBe(true);
    expect(none.endsWith(ELLIPSIS)).toBe(true);
  });
});
