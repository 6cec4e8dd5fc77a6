import { describe, expect, test } from "vitest";
import { markOnlyHtml } from "./highlight.tsx";

describe("search page helpers", () => {
  test("only <mark> passes through as markup; the engine's escapes stay escaped", () => {
    expect(markOnlyHtml("a <mark>cap</mark> &amp; &lt;b&gt;")).toBe("a <mark>cap</mark> &amp; &lt;b&gt;");
    expect(markOnlyHtml('<img src=x onerror="alert(1)"><mark>x</mark><script>')).toBe(
      '&lt;img src=x onerror="alert(1)"&gt;<mark>x</mark>&lt;script&gt;',
    );
    expect(markOnlyHtml("<mark class=x>y</mark>")).toBe("&lt;mark class=x&gt;y</mark>");
  });
});
