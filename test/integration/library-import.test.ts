// Library import and export against a real database, through the documents service: files
// create or update documents matched by slug, bad ones are skipped with the file named,
// toolkits are linked after their members exist, and export → import changes nothing.
import { readdirSync, readFileSync } from "node:fs";
import type { JSONContent } from "@tiptap/core";
import { beforeAll, describe, expect, test } from "vitest";
import { createAuthService } from "../../server/auth/service.ts";
import { createCommentService, type CommentService } from "../../server/comments/index.ts";
import type { Viewer } from "../../server/auth/viewer.ts";
import { deriveContent } from "../../server/documents/derive.ts";
import { createDocumentService, type DocumentService } from "../../server/documents/service.ts";
import { createDocumentStateStore } from "../../server/documents/state-store.ts";
import { readDocx } from "../../server/library/docx-import.ts";
import { createLibraryService, type ImportedFile, type LibraryService } from "../../server/library/import.ts";
import { documentSchema } from "../../app/editor/schema.ts";
import type { DocxKind, MarkdownSource } from "../../server/library/library-source.ts";
import { createUser, viewerOf } from "../factories/users.ts";
import { useTestDatabase } from "../helpers/database.ts";
import { suggestionsIn } from "../helpers/suggestions.ts";

const db = useTestDatabase();
let documents: DocumentService;
let library: LibraryService;
let comments: CommentService;
let editor: Viewer;

const PLAYBOOKS = new URL("../../playbooks/", import.meta.url);
const DOCX_FIXTURES = new URL("../fixtures/docx/", import.meta.url);
const starterSet = (): MarkdownSource[] =>
  readdirSync(PLAYBOOKS)
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => ({ file: `playbooks/${f}`, content: readFileSync(new URL(f, PLAYBOOKS), "utf8") }));

const file = (name: string, frontMatter: string, body = "# Heading\n\nText.") => ({ file: name, content: `---\n${frontMatter}\n---\n\n${body}\n` });
const files = (entries: ImportedFile[]) => entries.map((e) => e.file);

beforeAll(async () => {
  const prisma = db().prisma;
  const auth = createAuthService({ db: prisma });
  documents = createDocumentService({ db: prisma });
  comments = createCommentService({ db: prisma, store: createDocumentStateStore({ db: prisma }), appUrl: "http://127.0.0.1" });
  library = createLibraryService({ documents, comments });
  const { user } = await createUser(auth, { role: "EDITOR", organizationName: "Library Law Co" });
  editor = await viewerOf(prisma, user.id);
});

describe("library import", () => {
  test("imports the starter set, links toolkits, and a second import changes nothing", async () => {
    const progress: number[] = [];
    const first = await library.importFiles(editor, starterSet(), (p) => progress.push(p.done));
    expect(first.skipped).toEqual([]);
    expect(first.imported).toHaveLength(starterSet().length);
    expect(progress.at(-1)).toBe(starterSet().length);

    const toolkit = await documents.findLibraryMatch(editor, { slug: "nda-toolkit" });
    const items = await documents.listToolkitItems(editor, toolkit!.id);
    expect(items.map((i) => i.document.slug)).toEqual([
      "nda-negotiation-england-wales",
      "nda-negotiation-new-york",
      "mutual-nda-template",
      "confidentiality-clause",
      "deliverable-cover-memo",
    ]);
    // The deliverable types the toolkit names go on its templates; its playbooks and precedent suggest none.
    expect(items.map((i) => i.deliverableType)).toEqual([null, null, "NDA on our client's paper", null, "NDA review memo"]);
    const playbook = await documents.get(editor, (await documents.findLibraryMatch(editor, { slug: "dpa-review-uk-eu-gdpr" }))!.id);
    expect(playbook).toMatchObject({ kind: "PLAYBOOK", status: "PUBLISHED", ownerRole: "Knowledge lawyer, data protection", reviewIntervalMonths: 6 });
    // "Law stated as at" is the file's; it is not a review, so the document is still never reviewed.
    expect(playbook.lawStatedAt?.toISOString()).toBe("2026-11-30T00:00:00.000Z");
    expect(playbook.lastReviewedAt).toBeNull();
    expect(playbook.sections).toEqual(expect.arrayContaining([expect.objectContaining({ kind: "clause", anchor: "clause-dpa-breach" })]));

    const again = await library.importFiles(editor, starterSet());
    expect(again.imported).toEqual([]);
    expect(again.updated).toEqual([]);
    expect(again.skipped.map((s) => s.reason)).toEqual(starterSet().map(() => "unchanged"));
  });

  test("updates metadata and content in place, keeping what was there as a version", async () => {
    const original = file("memo.md", "slug: import-memo\nkind: precedent\ntitle: Memo", "Old text.");
    await library.importFiles(editor, [original]);
    const changed = file("memo.md", "slug: import-memo\nkind: precedent\ntitle: Memo, revised\ntags:\n  - revised", "New text.");
    const summary = await library.importFiles(editor, [changed]);
    expect(summary).toEqual({ imported: [], updated: [expect.objectContaining({ file: "memo.md", title: "Memo, revised" })], skipped: [], warnings: [] });

    const doc = await documents.get(editor, (await documents.findLibraryMatch(editor, { slug: "import-memo" }))!.id);
    expect(doc).toMatchObject({ title: "Memo, revised", tags: ["revised"], contentText: "New text." });
    const versions = await documents.listVersions(editor, doc.id);
    expect(versions.map((v) => v.name)).toContain("Before import of memo.md");
  });

  test("sends new content to open editors through the sync server, stored first", async () => {
    const applied: { documentId: string; origin: unknown }[] = [];
    const store = createDocumentStateStore({ db: db().prisma });
    documents.connectSync({
      async applyUpdate(documentId, update, origin) {
        applied.push({ documentId, origin });
        await store.append(documentId, update);
      },
      revoke: () => undefined,
    });
    try {
      await library.importFiles(editor, [file("live.md", "slug: import-live\nkind: precedent\ntitle: Live", "Before.")]);
      expect(applied).toEqual([]);
      await library.importFiles(editor, [file("live.md", "slug: import-live\nkind: precedent\ntitle: Live", "After.")]);
      const doc = await documents.findLibraryMatch(editor, { slug: "import-live" });
      expect(applied).toEqual([{ documentId: doc!.id, origin: { kind: "replace", userId: editor.id } }]);
      const stored = await store.load(doc!.id);
      expect(deriveContent(stored).text).toBe("After.");
      stored.destroy();
    } finally {
      documents.connectSync(undefined);
    }
  });

  test("links each document it imports or updates, by id and title", async () => {
    const summary = await library.importFiles(editor, [file("linked.md", "slug: import-linked\nkind: precedent\ntitle: Linked memo")]);
    const doc = await documents.findLibraryMatch(editor, { slug: "import-linked" });
    expect(summary.imported).toEqual([{ file: "linked.md", documentId: doc!.id, title: "Linked memo", link: `/documents/${doc!.id}` }]);
    const changed = await library.importFiles(editor, [file("linked.md", "slug: import-linked\nkind: precedent\ntitle: Linked memo", "New text.")]);
    expect(changed.updated).toEqual([{ file: "linked.md", documentId: doc!.id, title: "Linked memo", link: `/documents/${doc!.id}` }]);
  });

  test("takes a file without a slug by its name, and reads lists written on one line", async () => {
    const summary = await library.importFiles(editor, [file("notes/Supply Memo.md", "kind: precedent\ntitle: Supply memo\ntags: [supply, \"b2b, uk\"]\njurisdictions: [England and Wales]")]);
    expect(summary.skipped).toEqual([]);
    expect(summary.imported).toEqual([expect.objectContaining({ file: "notes/Supply Memo.md", title: "Supply memo" })]);
    const doc = await documents.get(editor, summary.imported[0]!.documentId);
    expect(doc).toMatchObject({ slug: "supply-memo", tags: ["supply", "b2b, uk"], jurisdictions: ["England and Wales"] });
    // Named the same again, it is the same document.
    const again = await library.importFiles(editor, [file("Supply Memo.md", "kind: precedent\ntitle: Supply memo, revised")]);
    expect(again.updated.map((u) => u.documentId)).toEqual([doc.id]);
  });

  test("skips bad files with the file and the reason, and imports the rest", async () => {
    const summary = await library.importFiles(editor, [
      file("bad-key.md", "slug: bad-key\nkind: playbook\ntitle: T\ncolour: red"),
      file("bad-kind.md", "slug: bad-kind\nkind: memo\ntitle: T"),
      { file: "no-front-matter.md", content: "# Just Markdown\n" },
      file("good.md", "slug: import-good\nkind: template\ntitle: Good"),
      file("again.md", "slug: import-good\nkind: template\ntitle: Duplicate"),
      file("kit.md", "slug: import-kit\nkind: toolkit\ntitle: Kit\nitems:\n  - import-good\n  - no-such-doc"),
      file("typo-kit.md", "slug: import-typo-kit\nkind: toolkit\ntitle: Typo kit\nitems:\n  - import-good\ndeliverables:\n  - type: Good draft\n    template: import-godo"),
    ]);
    expect(files(summary.imported).sort()).toEqual(["good.md", "kit.md"]);
    expect(summary.skipped).toEqual([
      { file: "bad-key.md", reason: expect.stringMatching(/^colour: line 5: Unknown key/) },
      { file: "bad-kind.md", reason: expect.stringMatching(/^kind: kind is one of/) },
      { file: "no-front-matter.md", reason: expect.stringContaining("must start with a ---") },
      { file: "again.md", reason: 'slug "import-good" is also used by good.md' },
      { file: "typo-kit.md", reason: 'deliverables.0.template: "import-godo" is not one of this toolkit\'s items: list it under items.' },
      { file: "kit.md", reason: expect.stringContaining('no document with slug "no-such-doc"') },
    ]);
    const kit = await documents.findLibraryMatch(editor, { slug: "import-kit" });
    expect((await documents.listToolkitItems(editor, kit!.id)).map((i) => i.document.slug)).toEqual(["import-good"]);

    // A deliverable type on a document that is not a template is left out, and said so; the toolkit keeps the document.
    const guide = file("guide.md", "slug: import-guide\nkind: playbook\ntitle: Guide");
    const typed = file("typed-kit.md", "slug: import-typed-kit\nkind: toolkit\ntitle: Typed kit\nitems:\n  - import-guide\n  - import-good\ndeliverables:\n  - type: Guide\n    template: import-guide\n  - type: Good draft\n    template: import-good");
    const typedSummary = await library.importFiles(editor, [guide, typed]);
    expect(typedSummary.skipped).toEqual([{ file: "typed-kit.md", reason: 'deliverables: "import-guide" is a playbook, not a template (it suggests no deliverable)' }]);
    const typedKit = await documents.findLibraryMatch(editor, { slug: "import-typed-kit" });
    expect((await documents.listToolkitItems(editor, typedKit!.id)).map((i) => [i.document.slug, i.deliverableType])).toEqual([
      ["import-guide", null],
      ["import-good", "Good draft"],
    ]);

    const mismatch = await library.importFiles(editor, [file("good.md", "slug: import-good\nkind: playbook\ntitle: Good")]);
    expect(mismatch.skipped).toEqual([{ file: "good.md", reason: expect.stringContaining("is a template, not a playbook") }]);
  });

  test("imports Word files beside Markdown, reports what they held that a document cannot, and re-imports them as unchanged", async () => {
    const word = (name: string, kind?: DocxKind) => ({ file: `contracts/${name}`, docx: readFileSync(new URL(name, DOCX_FIXTURES)), ...(kind ? { kind } : {}) });
    const summary = await library.importFiles(editor, [
      word("services-agreement.docx", "template"),
      word("side-letter-with-extras.docx"),
      { file: "contracts/notes.docx", docx: Buffer.from("not a zip") },
      file("memo-2.md", "slug: import-memo-2\nkind: precedent\ntitle: Memo two"),
    ]);
    expect(files(summary.imported)).toEqual(["contracts/services-agreement.docx", "contracts/side-letter-with-extras.docx", "memo-2.md"]);
    expect(summary.skipped).toEqual([{ file: "contracts/notes.docx", reason: expect.stringContaining("not a Word file") }]);
    expect(summary.warnings).toEqual(
      [
        "1 image left out (documents hold text only)",
        "1 tracked insertion and 1 tracked deletion read as suggestions, to accept or reject",
        "1 footnote moved to a numbered list at the end",
        "1 comment thread added as comments",
      ].map(
        (message) => ({ file: "contracts/side-letter-with-extras.docx", message }),
      ),
    );

    const msa = await documents.findLibraryMatch(editor, { slug: "services-agreement" });
    expect(msa).toMatchObject({ kind: "TEMPLATE", title: "Master Services Agreement (Supplier Form)" });
    const letter = await documents.findLibraryMatch(editor, { slug: "side-letter-with-extras" });
    expect(letter).toMatchObject({ kind: "PRECEDENT", title: "Side Letter on Signature Blocks" });
    // The tracked changes are suggestions in the document, to accept or reject.
    expect(suggestionsIn(letter!.contentJson as JSONContent).map(({ kind, text }) => [kind, text])).toEqual([
      ["insertion", "on the date above"],
      ["deletion", "today"],
    ]);

    // The Word comment is a thread on its words, its author's name kept from the file.
    const [thread, ...others] = (await comments.list(editor, letter!.id)).threads;
    expect(others).toEqual([]);
    expect(thread).toMatchObject({ state: "anchored", comments: [{ author: { id: null, name: expect.any(String) }, importedFromWord: true, body: expect.any(String) }] });

    const again = await library.importFiles(editor, [word("services-agreement.docx", "template"), word("side-letter-with-extras.docx")]);
    expect(again).toEqual({
      imported: [],
      updated: [],
      warnings: [],
      skipped: [
        { file: "contracts/services-agreement.docx", reason: "unchanged" },
        { file: "contracts/side-letter-with-extras.docx", reason: "unchanged" },
      ],
    });
  });
});

describe("library export", () => {
  test("writes every readable document as a library file, and importing the export changes nothing", async () => {
    // A document made in the app, with no slug: the export names it, the import finds it by kind and title.
    await documents.create(editor, { kind: "PRECEDENT", title: "Governing law: Ireland", markdown: "Irish law & courts." });
    const exported = await library.exportAll(editor);
    const names = exported.map((f) => f.file);
    expect(names).toEqual(expect.arrayContaining(["nda-toolkit.md", "governing-law-ireland.md", "import-kit.md"]));

    // The shipped files come back byte for byte: the export is the same form as playbooks/.
    for (const source of starterSet()) {
      expect(exported.find((f) => `playbooks/${f.file}` === source.file)?.content, source.file).toBe(source.content);
    }

    // The first import of it gives the app-made document its slug (its only change) …
    const adopt = await library.importFiles(editor, exported);
    expect(adopt).toMatchObject({ imported: [], updated: [{ file: "governing-law-ireland.md" }] });
    const irish = await documents.findLibraryMatch(editor, { slug: "governing-law-ireland" });
    expect(irish).toMatchObject({ title: "Governing law: Ireland", contentText: "Irish law & courts." });
    expect(await documents.listVersions(editor, irish!.id)).toEqual([]);

    // … and from then on export → import changes nothing, and exports are identical.
    const reimport = await library.importFiles(editor, exported);
    expect(reimport.imported).toEqual([]);
    expect(reimport.updated).toEqual([]);
    expect(reimport.skipped.filter((s) => s.reason !== "unchanged")).toEqual([]);
    expect(await library.exportAll(editor)).toEqual(exported);

    // A changed file does not overwrite a draft's open suggestions (the Word file's tracked changes): it is refused, and they stay.
    const letter = exported.find((f) => f.file === "side-letter-with-extras.md")!;
    const changed = await library.importFiles(editor, [{ ...letter, content: `${letter.content}\nA new closing line.\n` }]);
    expect(changed.skipped).toEqual([{ file: letter.file, reason: expect.stringMatching(/open suggestions: accept or reject them/) }]);
    const kept = await documents.findLibraryMatch(editor, { slug: "side-letter-with-extras" });
    expect(JSON.stringify(kept!.contentJson)).toContain('"type":"insertion"');
    expect(kept!.contentText).not.toContain("A new closing line.");
  });

  test("a Word export carries the viewer's comment threads on their words, past a drafting note left out", async () => {
    const created = await documents.create(editor, {
      kind: "PRECEDENT",
      title: "Liability cap with a note",
      markdown: ":::drafting\nCheck the cap against the fees.\n:::\n\nLiability is capped at the fees paid.",
    });
    const stored = documentSchema.nodeFromJSON((await documents.get(editor, created.id)).contentJson!);
    let from = -1;
    stored.descendants((node, pos) => {
      const at = node.isText ? node.text!.indexOf("capped") : -1;
      if (at >= 0) from = pos + at;
    });
    await comments.createThreadAtRange(editor, created.id, { from, to: from + "capped".length, comments: [{ body: "Capped at what, exactly?" }] });

    const download = await library.exportDocument(editor, created.id, { format: "docx" });
    const { threads, json } = await readDocx(download.body as Buffer);
    expect(JSON.stringify(json)).not.toContain("Check the cap");
    expect(threads.map((t) => [t.quote, t.comments.map((c) => c.body)])).toEqual([["capped", ["Capped at what, exactly?"]]]);
  });
});
