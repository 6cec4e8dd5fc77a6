import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { readLibraryDocument } from "./library-file.ts";
import { markdownToJson } from "../documents/derive.ts";
import { documentToPrintHtml } from "./print-html.ts";

const V2_CLAUSE = readFileSync(new URL("../../test/fixtures/clause-position-v2.md", import.meta.url), "utf8");
const playbook = (name: string) => readLibraryDocument(readFileSync(new URL(`../../playbooks/${name}`, import.meta.url), "utf8"), name);

describe("the print-ready HTML export", () => {
  test("is one self-contained page with print CSS and nothing loaded from elsewhere", () => {
    const { json } = playbook("nda-negotiation-england-wales.md");
    const html = documentToPrintHtml({ title: "NDA playbook", details: ["Playbook", "Published"], json });
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain("@media print");
    expect(html).not.toMatch(/<script|<link|<img|src=|@import/i);
    expect(html).toContain("<header><p><strong>NDA playbook</strong></p><p>Playbook · Published</p></header>");
  });

  test("lays out clause positions as labelled tables", () => {
    const { json } = playbook("nda-negotiation-england-wales.md");
    const html = documentToPrintHtml({ title: "NDA playbook", details: [], json });
    expect(html).toContain(
      '<table class="clause"><caption><strong>Definition of Confidential Information</strong><span class="escalate">Escalate to: Partner</span><span class="escalate">Perspective: discloser</span><span class="escalate">Required</span></caption><tr><th scope="row">Preferred position</th>',
    );
    expect(html).toContain('<th scope="row">Fallback 2<span class="approver">Approver: Partner</span></th>');
    expect(html).toContain('<th scope="row">Red line<span class="approver">Approver: Client general counsel</span></th>');
  });

  test("prints a version 2 clause whole: perspective, required, approvers, grey zone, pushback, spotting, model wording", () => {
    const json = markdownToJson(V2_CLAUSE);
    const html = documentToPrintHtml({ title: "SaaS playbook", details: [], json });
    expect(html).toContain(
      '<caption><strong>Limitation of liability</strong><span class="escalate">Escalate to: General Counsel</span><span class="escalate">Perspective: customer</span><span class="escalate">Required</span></caption>',
    );
    expect(html).toContain('<div class="wording"><p><strong>Model wording</strong></p><p>Each party&#39;s total liability');
    expect(html).toContain('<th scope="row">Fallback<span class="approver">Approver: Supervising associate</span></th>');
    expect(html).toContain('<th scope="row">Grey zone<span class="approver">Approver: Partner</span></th><td><p>A cap above');
    expect(html).toContain('<th scope="row">Red line<span class="approver">Approver: Client general counsel</span></th>');
    expect(html).toContain('<th scope="row">Pushback</th><td><p>Our insurer will not cover more.</p></td>');
    expect(html).toContain('<th scope="row">Spotting the issue</th><td><p>Look for a cap defined in the order form.</p></td>');
  });

  test("escapes everything users wrote and keeps only web and mail links", () => {
    const json = {
      type: "doc",
      content: [
        { type: "heading", attrs: { level: 1 }, content: [{ type: "text", text: "<script>alert(1)</script>" }] },
        {
          type: "paragraph",
          content: [
            { type: "text", text: "bad", marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }] },
            { type: "text", text: " good", marks: [{ type: "link", attrs: { href: 'https://example.com/?q="><img src=x>' } }] },
            { type: "templateVariable", attrs: { name: "party", label: "<b>Party</b>" } },
          ],
        },
        {
          type: "clausePosition",
          attrs: { clauseId: "c", name: '"><svg onload=alert(1)>', escalateTo: "<i>GC</i>" },
          content: [{ type: "clausePart", attrs: { role: "preferred" }, content: [{ type: "paragraph", content: [{ type: "text", text: "a & b" }] }] }],
        },
      ],
    };
    const html = documentToPrintHtml({ title: "</title><script>x</script>", details: ["<b>x</b>"], json });
    expect(html).not.toMatch(/<script|<img|<svg|<i>|<b>|javascript:/);
    expect(html).toContain("<title>&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;</title>");
    expect(html).toContain("<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>");
    expect(html).toContain('<p>bad<a href="https://example.com/?q=&quot;&gt;&lt;img src=x&gt;"> good</a><span class="blank">[&lt;b&gt;Party&lt;/b&gt;]</span></p>');
    expect(html).toContain("<strong>&quot;&gt;&lt;svg onload=alert(1)&gt;</strong><span class=\"escalate\">Escalate to: &lt;i&gt;GC&lt;/i&gt;</span>");
    expect(html).toContain("<p>a &amp; b</p>");
  });

  test("prints a checklist with ☐ and ☑ before each item's text, named done or not done for screen readers", () => {
    const json = markdownToJson("- [ ] Record the objective\n  - [x] Fee basis agreed\n- [x] Open the mandate");
    const html = documentToPrintHtml({ title: "Onboarding", details: [], json });
    expect(html).toContain(
      '<ul class="checklist"><li><p><span class="task-box" role="img" aria-label="not done">☐</span>Record the objective</p><ul class="checklist"><li><p><span class="task-box" role="img" aria-label="done">☑</span>Fee basis agreed</p></li></ul></li><li><p><span class="task-box" role="img" aria-label="done">☑</span>Open the mandate</p></li></ul>',
    );
  });

  test("prints open suggestions as a redline (insertions underlined, deletions struck through, formatting changes dotted, titled with who) and says so", () => {
    const suggestion = (type: string, authorName: string) => ({ type, attrs: { id: `${type}-1`, authorId: null, authorName, createdAt: "2026-02-02T09:30:00.000Z" } });
    const json = {
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [
            { type: "text", text: "Pay within " },
            { type: "text", text: "thirty", marks: [suggestion("deletion", "Ann <Cole>")] },
            { type: "text", text: "sixty", marks: [suggestion("insertion", "Ben Ode")] },
            { type: "text", text: " days" },
            { type: "text", text: " net", marks: [{ type: "bold" }, { type: "formatChange", attrs: { ...suggestion("formatChange", "Ann Cole").attrs, before: [{ type: "italic" }] } }] },
            { type: "text", text: "." },
          ],
        },
      ],
    };
    const html = documentToPrintHtml({ title: "Payment terms", details: [], json });
    expect(html).toContain('<span class="format-change" title="Formatted by Ann Cole; before: italic"><strong> net</strong></span>.</p>');
    expect(html).toContain('<p>Pay within <del title="Deleted by Ann &lt;Cole&gt;">thirty</del><ins title="Inserted by Ben Ode">sixty</ins> days<span');
    expect(html).toContain("<p>With open suggestions: insertions underlined, deletions struck through, formatting changes underlined with dots, block type changes barred in the margin.</p></header>");
    expect(documentToPrintHtml({ title: "Plain", details: [], json: markdownToJson("Pay within sixty days.") })).not.toContain("open suggestions");
    const retyped = { type: "heading", attrs: { level: 2, blockChange: { ...suggestion("blockChange", "Ann Cole").attrs, before: { type: "paragraph" } } }, content: [{ type: "text", text: "Fees" }] };
    const printed = documentToPrintHtml({ title: "Fees", details: [], json: { type: "doc", content: [retyped] } });
    expect(printed).toContain('<h2 class="block-change" title="Heading 2 (was paragraph) by Ann Cole">Fees</h2>');
    expect(printed).toContain("With open suggestions");
  });
});
