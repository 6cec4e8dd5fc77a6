import { readdirSync, readFileSync } from "node:fs";
import type { JSONContent } from "@tiptap/core";
import { describe, expect, test } from "vitest";
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
