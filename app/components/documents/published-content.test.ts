import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { markdownToDocumentJson } from "~/editor/markdown";
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
});
