import { readdirSync, readFileSync } from "node:fs";
import type { JSONContent } from "@tiptap/core";
import { describe, expect, test } from "vitest";
import { toClausePartRole } from "../../app/editor/clause-position.ts";
import { readLibraryDocument, writeLibraryDocument } from "./library-file.ts";

/** The shipped starter library: every file must survive import → export unchanged (docs/design/library-and-collab.md). */
const DIR = new URL("../../playbooks/", import.meta.url);
const files = readdirSync(DIR).filter((f) => f.endsWith(".md")).sort();
const read = (file: string) => readLibraryDocument(readFileSync(new URL(file, DIR), "utf8"), `playbooks/${file}`);

function countNodes(json: JSONContent, type: string): number {
  return (json.type === type ? 1 : 0) + (json.content ?? []).reduce((n, child) => n + countNodes(child, type), 0);
}

describe("the starter library in playbooks/", () => {
  test("has at least 12 documents of every kind", () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
    const kinds = new Set(files.map((f) => read(f).frontMatter.kind));
    expect([...kinds].sort()).toEqual(["playbook", "precedent", "template", "toolkit"]);
  });

  test.each(files)("%s round-trips byte for byte through front matter and the editor's Markdown", (file) => {
    const source = readFileSync(new URL(file, DIR), "utf8");
    expect(writeLibraryDocument(readLibraryDocument(source, `playbooks/${file}`))).toBe(source);
  });

  test.each(files)("%s is named by its slug and uses its kind's structures", (file) => {
    const { frontMatter, json } = read(file);
    expect(file).toBe(`${frontMatter.slug}.md`);
    if (frontMatter.kind === "playbook") expect(countNodes(json, "clausePosition")).toBeGreaterThan(0);
    if (frontMatter.kind === "template") expect(countNodes(json, "templateVariable")).toBeGreaterThan(0);
  });

  test("toolkits list only documents that exist and are not toolkits", () => {
    const bySlug = new Map(files.map((f) => [read(f).frontMatter.slug, read(f).frontMatter]));
    const toolkits = [...bySlug.values()].filter((fm) => fm.kind === "toolkit");
    expect(toolkits.length).toBeGreaterThanOrEqual(2);
    for (const toolkit of toolkits) {
      expect(toolkit.items?.length, toolkit.slug).toBeGreaterThan(0);
      for (const item of toolkit.items ?? []) expect(bySlug.get(item)?.kind, `${toolkit.slug} → ${item}`).toMatch(/^(playbook|template|precedent)$/);
    }
  });

  test("toolkits name their deliverable types, each drafted from one of their templates", () => {
    const bySlug = new Map(files.map((f) => [read(f).frontMatter.slug, read(f).frontMatter]));
    expect(bySlug.get("nda-toolkit")?.deliverables).toEqual([
      { type: "NDA on our client's paper", template: "mutual-nda-template" },
      { type: "NDA review memo", template: "deliverable-cover-memo" },
    ]);
    // The engagement letter is in the SaaS toolkit to open the mandate with, not client work.
    expect(bySlug.get("saas-procurement-toolkit")?.deliverables).toEqual([{ type: "SaaS contract review memo", template: "deliverable-cover-memo" }]);
    for (const fm of bySlug.values()) for (const d of fm.deliverables ?? []) expect(bySlug.get(d.template)?.kind, `${fm.slug} → ${d.template}`).toBe("template");
  });

  test("toolkits are written with checklists: the NDA toolkit's review checklist is task items", () => {
    const { json } = read("nda-toolkit.md");
    expect(countNodes(json, "taskItem")).toBe(10);
  });

  test("clause ids are unique across the library, so deep links never collide", () => {
    const ids: string[] = [];
    const collect = (node: JSONContent) => {
      if (node.type === "clausePosition") ids.push(String(node.attrs?.clauseId));
      node.content?.forEach(collect);
    };
    for (const f of files) collect(read(f).json);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

/**
 * The library's approver roles (README; ADR 035's addendum): the provider's "Supervising associate"
 * and "Partner", the client's "Client legal counsel" and "Client general counsel". A fallback is
 * approved by any but the general counsel; a grey zone is legal risk (the partner's) or a business
 * decision (the client legal counsel's); only the client general counsel crosses a red line.
 */
const FALLBACK_APPROVERS = ["Supervising associate", "Partner", "Client legal counsel"];
const GREY_ZONE_APPROVERS = ["Partner", "Client legal counsel"];
const CLIENT_ROLES = ["Client legal counsel", "Client general counsel"];
const textOf = (node: JSONContent): string => (node.text ?? "") + (node.content ?? []).map(textOf).join("");
const clausesOf = (json: JSONContent): JSONContent[] => (json.type === "clausePosition" ? [json] : (json.content ?? []).flatMap(clausesOf));
const partsOf = (clause: JSONContent, role: string) => (clause.content ?? []).filter((p) => toClausePartRole(p.attrs?.role) === role);
const wordingOf = (part: JSONContent) => (part.content ?? []).find((n) => n.type === "clauseWording");

describe("the starter library's positions, version 2 (ADR 035)", () => {
  test("every file states the law as at a day", () => {
    for (const f of files) expect(read(f).frontMatter.lawStatedAt, f).toBe("2026-11-30");
  });

  test("each playbook's clause sets are per perspective, in lower case, with required clauses", () => {
    const perspectives = Object.fromEntries(
      files.flatMap((f) => {
        const clauses = clausesOf(read(f).json);
        return clauses.length ? [[f, [...new Set(clauses.map((c) => String(c.attrs?.perspective)))].sort()]] : [];
      }),
    );
    expect(perspectives).toEqual({
      "confidentiality-clause.md": ["customer", "discloser"],
      "data-protection-clause.md": ["controller"],
      "dpa-review-uk-eu-gdpr.md": ["controller", "processor"],
      "limitation-of-liability-clause.md": ["customer"],
      "nda-negotiation-england-wales.md": ["discloser", "recipient"],
      "nda-negotiation-new-york.md": ["discloser", "recipient"],
      "saas-msa-customer-review.md": ["customer", "supplier"],
    });
    for (const f of files.filter((f) => read(f).frontMatter.kind === "playbook")) {
      const clauses = clausesOf(read(f).json);
      for (const perspective of perspectives[f]!) {
        expect(clauses.some((c) => c.attrs?.perspective === perspective && c.attrs?.required), `${f}: a required ${perspective} clause`).toBe(true);
      }
    }
  });

  test.each(files.filter((f) => clausesOf(read(f).json).length))("%s: every position has model wording, a grey zone and a red line, and every step away names its approver", (file) => {
    for (const clause of clausesOf(read(file).json)) {
      const where = `${file} ${clause.attrs?.clauseId}`;
      const [preferred, ...otherPreferred] = partsOf(clause, "preferred");
      expect(otherPreferred, where).toEqual([]);
      expect(textOf(wordingOf(preferred!) ?? {}), `${where}: preferred wording`).not.toBe("");
      const fallbacks = partsOf(clause, "fallback");
      expect(fallbacks.length, `${where}: fallbacks`).toBeGreaterThan(0);
      for (const fallback of fallbacks) {
        expect(textOf(wordingOf(fallback) ?? {}), `${where}: fallback wording`).not.toBe("");
        expect(FALLBACK_APPROVERS, `${where}: fallback approver`).toContain(fallback.attrs?.approver);
      }
      const [greyzone] = partsOf(clause, "greyzone");
      const [redline] = partsOf(clause, "redline");
      expect(GREY_ZONE_APPROVERS, `${where}: grey zone approver`).toContain(greyzone?.attrs?.approver);
      // Only the client crosses its own red line; the escalation contact is who approves the grey zone, so the two never contradict.
      expect(redline?.attrs?.approver, `${where}: red line approver`).toBe("Client general counsel");
      expect(clause.attrs?.escalateTo, `${where}: escalation`).toBe(greyzone?.attrs?.approver);
      expect(textOf(partsOf(clause, "rationale")[0] ?? {}) || textOf(partsOf(clause, "pushback")[0] ?? {}), `${where}: rationale or pushback`).not.toBe("");
    }
  });

  test("escalation names a client role somewhere in every playbook with a business decision", () => {
    const escalations = files.flatMap((f) => clausesOf(read(f).json).map((c) => String(c.attrs?.escalateTo)));
    expect(escalations.filter((e) => CLIENT_ROLES.includes(e)).length).toBeGreaterThan(0);
    for (const f of ["nda-negotiation-england-wales.md", "nda-negotiation-new-york.md", "saas-msa-customer-review.md"]) {
      expect(clausesOf(read(f).json).some((c) => CLIENT_ROLES.includes(String(c.attrs?.escalateTo))), f).toBe(true);
    }
  });

  test("breach notice hours agree across the SaaS playbook, the DPA playbook and the data protection precedent: 24, then 48", () => {
    const clause = (file: string, id: string) => clausesOf(read(file).json).find((c) => c.attrs?.clauseId === id)!;
    for (const [file, id] of [
      ["saas-msa-customer-review.md", "saas-security"],
      ["dpa-review-uk-eu-gdpr.md", "dpa-breach"],
      ["data-protection-clause.md", "dp-clause-notice"],
    ] as const) {
      const c = clause(file, id);
      expect(textOf(wordingOf(partsOf(c, "preferred")[0]!)!), id).toContain("in any event within 24 hours");
      expect(partsOf(c, "fallback").map((f) => textOf(wordingOf(f)!)), id).toEqual([expect.stringContaining("in any event within 48 hours")]);
    }
  });
});
