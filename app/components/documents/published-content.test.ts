import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { readFileSync } from "node:fs";
import { markdownToDocumentJson } from "~/editor/markdown";
import { showsForPerspective } from "~/editor/clause-position";
import { PublishedContent } from "./published-content";

const render = (markdown: string) => renderToStaticMarkup(createElement(PublishedContent, { json: markdownToDocumentJson(markdown), sections: [] }));

describe("published content", () => {
  test("shows a checklist's items with ☐ or ☑, named done or not done, nested items inside their parent, and no control to tick", () => {
    const html = render("- [ ] Record the objective\n  - [x] Fee basis agreed\n- [x] Open the mandate");
    expect(html).not.toContain("<input");
    expect(html).toBe(
      '<div class="published-content"><ul class="task-list">' +
        '<li class="task-item" data-checked="false"><span class="task-box" role="img" aria-label="not done">☐</span><div><p><span>Record the objective</span></p>' +
        '<ul class="task-list"><li class="task-item" data-checked="true"><span class="task-box" role="img" aria-label="done">☑</span><div><p><span>Fee basis agreed</span></p></div></li></ul></div></li>' +
        '<li class="task-item" data-checked="true"><span class="task-box" role="img" aria-label="done">☑</span><div><p><span>Open the mandate</span></p></div></li>' +
        "</ul></div>",
    );
  });

  test("shows a version 2 clause whole: perspective, Required, approvers, grey zone, pushback, spotting and model wording", () => {
    const html = render(readFileSync(new URL("../../../test/fixtures/clause-position-v2.md", import.meta.url), "utf8"));
    expect(html).toContain('<p class="clause-card__facts"><span>Perspective: customer</span> · <strong>Required</strong></p>');
    expect(html).toContain('<div class="clause-wording"><p class="clause-part-label">Model wording</p><blockquote><p><span>Each party&#x27;s total liability');
    expect(html).toContain('role="group" aria-label="Fallback"><p class="clause-part-label">Fallback<span class="hint"> · Approver: Supervising associate</span></p>');
    for (const label of ["Grey zone", "Red line", "Pushback", "Spotting the issue"]) expect(html).toContain(`aria-label="${label}"`);
    // One perspective: nothing to filter.
    expect(html).not.toContain("<select");
  });

  test("offers a perspective filter when the playbook has more than one perspective; a clause for any perspective always shows", () => {
    const clause = (id: string, perspective: string) =>
      `:::clause {id="${id}" name="${id}"${perspective ? ` perspective="${perspective}"` : ""}}\n\n:::preferred\n\nText.\n\n:::\n\n:::`;
    const html = render([clause("a", "recipient"), clause("b", "discloser"), clause("c", "")].join("\n\n"));
    expect(html).toContain('<label>Perspective <select><option value="" selected="">All</option><option value="recipient">recipient</option><option value="discloser">discloser</option></select></label>');
    expect(showsForPerspective("recipient", "recipient")).toBe(true);
    expect(showsForPerspective("discloser", "recipient")).toBe(false);
    expect(showsForPerspective("", "recipient")).toBe(true);
    expect(showsForPerspective("discloser", "")).toBe(true);
  });
});
