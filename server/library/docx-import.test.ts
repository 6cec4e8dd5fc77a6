import { readFileSync } from "node:fs";
import type { JSONContent } from "@tiptap/core";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { describe, expect, test } from "vitest";
import { LIBRARY_DOCX_MAX_BYTES } from "../config.ts";
import { zipBomb } from "../../test/fixtures/docx/zip-bomb.ts";
import { suggestionsIn, textWith } from "../../test/helpers/suggestions.ts";
import { documentSchema } from "../../app/editor/schema.ts";
import { DocxUnzippedTooLargeError, readDocx } from "./docx-import.ts";
import { readLibrarySource } from "./library-source.ts";

/** The committed fixtures (test/fixtures/docx/generate.ts writes them). */
const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/docx/${name}`, import.meta.url));

const textOf = (node: JSONContent): string => node.text ?? (node.content ?? []).map(textOf).join("");
const ofType = (nodes: JSONContent[] | undefined, type: string) => (nodes ?? []).filter((n) => n.type === type);

describe("reading a Word file", () => {
  test("keeps headings, with Word's heading numbers written out", async () => {
    const { json, title } = await readDocx(fixture("services-agreement.docx"));
    expect(title).toBe("Master Services Agreement (Supplier Form)");
    expect(ofType(json.content, "heading").map((h) => [h.attrs?.level, textOf(h)])).toEqual([
      [1, "Master Services Agreement"],
      [2, "1. Definitions and interpretation"],
      [2, "2. Services"],
      [3, "2.1 Service levels"],
    ]);
  });

  test("makes numbered clauses nested ordered lists (1. → 1.1 → (a))", async () => {
    const { json } = await readDocx(fixture("services-agreement.docx"));
    const [clauses] = ofType(json.content, "orderedList");
    expect(clauses!.content!.map((item) => textOf(item.content![0]!))).toEqual([
      "In this agreement the following definitions apply.",
      "Clause headings do not affect the interpretation of this agreement.",
    ]);
    const subClauses = clauses!.content![0]!.content![1]!;
    expect(subClauses.type).toBe("orderedList");
    expect(subClauses.content!.map((item) => textOf(item.content![0]!))).toEqual([
      "Business Day means a day other than a Saturday, Sunday or public holiday in England.",
      "Confidential Information has the meaning given in clause 5.",
    ]);
    const paragraphs = subClauses.content![1]!.content![1]!;
    expect(paragraphs.type).toBe("orderedList");
    expect(paragraphs.content).toHaveLength(2);
  });

  test("keeps bullets with their nesting", async () => {
    const { json } = await readDocx(fixture("services-agreement.docx"));
    const [bullets] = ofType(json.content, "bulletList");
    expect(bullets!.content).toHaveLength(2);
    const nested = bullets!.content![1]!.content![1]!;
    expect(nested).toMatchObject({ type: "bulletList", content: [{ type: "listItem" }] });
    expect(textOf(nested)).toBe("as notified in writing from time to time.");
  });

  test("keeps a table with its header row and cells", async () => {
    const { json } = await readDocx(fixture("services-agreement.docx"));
    const [table] = ofType(json.content, "table");
    const rows = table!.content!.map((row) => row.content!.map((cell) => [cell.type, textOf(cell)]));
    expect(rows).toEqual([
      [["tableHeader", "Service"], ["tableHeader", "Target"], ["tableHeader", "Service credit"]],
      [["tableCell", "Availability"], ["tableCell", "99.9%"], ["tableCell", "5% of monthly fees"]],
      [["tableCell", "Incident response"], ["tableCell", "4 hours"], ["tableCell", "2% of monthly fees"]],
    ]);
  });

  test("keeps bold and italic as marks", async () => {
    const { json } = await readDocx(fixture("services-agreement.docx"));
    const texts = ofType(json.content, "paragraph").flatMap((p) => p.content ?? []);
    expect(texts.find((t) => t.text === "Northwind Retail Limited")?.marks).toEqual([{ type: "bold" }]);
    expect(texts.find((t) => t.text === "Supplier")?.marks).toEqual([{ type: "italic" }]);
    expect(texts.find((t) => t.text === "Service credits are the Customer's sole remedy")?.marks).toEqual([{ type: "bold" }, { type: "italic" }]);
  });

  test("a plain file has nothing to report", async () => {
    expect((await readDocx(fixture("services-agreement.docx"))).warnings).toEqual([]);
  });

  test("reports what a document cannot hold (an image) and how the rest came over (tracked changes, a footnote)", async () => {
    const { json, title, threads, warnings } = await readDocx(fixture("side-letter-with-extras.docx"));
    expect(title).toBe("Side Letter on Signature Blocks");
    expect(warnings).toEqual([
      "1 image left out (documents hold text only)",
      "1 tracked insertion and 1 tracked deletion read as suggestions, to accept or reject",
      "1 footnote moved to a numbered list at the end",
    ]);
    expect(suggestionsIn(json).map(({ kind, text }) => [kind, text])).toEqual([
      ["insertion", "on the date above"],
      ["deletion", "today"],
    ]);
    expect(threads.map((t) => [t.quote, t.comments.map((c) => c.body)])).toEqual([["Registered number 01234567.", ["Check the registered number."]]]);
    const paragraphs = ofType(json.content, "paragraph").map(textOf);
    expect(paragraphs).toContain("Signed on the date abovetoday.");
    // The image's paragraph leaves no empty paragraph behind; the footnote is the last block.
    expect(paragraphs).not.toContain("");
    expect(textOf(json.content!.at(-1)!)).toBe("Section 1 of the Companies Act 2006.");
  });

  test("refuses a file that is not a zip package", async () => {
    await expect(readDocx(Buffer.from("Dear Sirs, this is a text file."))).rejects.toThrow(/not a Word file/);
  });

  test("refuses a zip that is not a Word document", async () => {
    await expect(readDocx(zipSync({ "hello.txt": new TextEncoder().encode("hi") }))).rejects.toThrow(/no word\/document\.xml/);
  });

  test("refuses a file over the size limit before reading it", async () => {
    const big = new Uint8Array(LIBRARY_DOCX_MAX_BYTES + 1);
    big.set([0x50, 0x4b, 0x03, 0x04]);
    await expect(readDocx(big)).rejects.toThrow(/larger than 10 MB/);
  });

  test("refuses a damaged zip with a clear reason", async () => {
    const damaged = fixture("services-agreement.docx").subarray(0, 2000);
    await expect(readDocx(damaged)).rejects.toThrow(/not a readable Word file/);
  });
});

describe("a Word file that unzips to more than the limit (a zip bomb)", () => {
  const CONTENT_TYPES = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';

  test("is refused by the bytes it really inflates, not the size its directory declares", async () => {
    const bomb = await zipBomb([{ name: "word/document.xml", inflatedBytes: 4 * 1024 * 1024, declaredBytes: 100 }], { "[Content_Types].xml": CONTENT_TYPES });
    expect(bomb.byteLength).toBeLessThan(64 * 1024);
    const read = readDocx(bomb, { maxUnzippedBytes: 256 * 1024 });
    await expect(read).rejects.toBeInstanceOf(DocxUnzippedTooLargeError);
    await expect(read).rejects.toThrow("unzips to more than 262144 bytes, the limit for a Word file");
  });

  test("counts the parts only mammoth reads too (styles), and every part together", async () => {
    const styles = await zipBomb([{ name: "word/styles.xml", inflatedBytes: 1024 * 1024, declaredBytes: 10 }], { "word/document.xml": "<w:document/>" });
    await expect(readDocx(styles, { maxUnzippedBytes: 256 * 1024 })).rejects.toBeInstanceOf(DocxUnzippedTooLargeError);
    const spread = await zipBomb(
      Array.from({ length: 4 }, (_, i) => ({ name: `word/media/image${i}.png`, inflatedBytes: 100 * 1024, declaredBytes: 1 })),
      { "word/document.xml": "<w:document/>" },
    );
    await expect(readDocx(spread, { maxUnzippedBytes: 256 * 1024 })).rejects.toBeInstanceOf(DocxUnzippedTooLargeError);
  });

  test("a real Word file within the limit still reads", async () => {
    const file = fixture("services-agreement.docx");
    await expect(readDocx(file, { maxUnzippedBytes: 1024 * 1024 })).resolves.toMatchObject({ title: "Master Services Agreement (Supplier Form)" });
  });
});

describe("a Word file under negotiation: tracked changes by two authors, comments with a reply", () => {
  const read = () => readDocx(fixture("negotiated-liability-clause.docx"));

  test("reads each side's tracked changes as suggestions, by author", async () => {
    const { json, warnings } = await read();
    expect(suggestionsIn(json).map(({ kind, text, authorName }) => ({ kind, text, authorName }))).toEqual([
      { kind: "deletion", text: "the fees paid", authorName: "Tom Berg" },
      { kind: "insertion", text: "150% of the fees paid", authorName: "Priya Shah" },
      { kind: "insertion", text: ", or for fraud", authorName: "Tom Berg" },
      // Two runs of one change (one of them bold) are one suggestion, as Word shows them.
      { kind: "insertion", text: "indirect or consequential", authorName: "Tom Berg" },
      { kind: "deletion", text: " of any kind", authorName: "Priya Shah" },
    ]);
    expect(warnings).toEqual(["3 tracked insertions and 2 tracked deletions read as suggestions, to accept or reject"]);
  });

  test("keeps Word's authors and times on each suggestion, ids unique, no member behind them", async () => {
    const { json } = await read();
    const attrs: Record<string, unknown>[] = [];
    const visit = (node: JSONContent) => {
      for (const mark of node.marks ?? []) if (mark.type === "insertion" || mark.type === "deletion") attrs.push(mark.attrs!);
      node.content?.forEach(visit);
    };
    visit(json);
    expect(new Set(attrs.map((a) => a.id)).size).toBe(5);
    expect(attrs.every((a) => a.authorId === null)).toBe(true);
    expect(new Set(attrs.map((a) => `${a.authorName} ${a.createdAt}`))).toEqual(new Set(["Tom Berg 2026-01-06T10:15:00.000Z", "Priya Shah 2026-01-07T14:30:00.000Z"]));
  });

  test("rejecting every suggestion gives the text before the negotiation, accepting every one the text after", async () => {
    const { json } = await read();
    expect(textWith(json, "rejected")).toBe(
      [
        "Limitation of Liability",
        "Each party's total liability shall not exceed the fees paid in the twelve months before the claim.",
        "Neither party limits its liability for death or personal injury caused by negligence.",
        "The Supplier is not liable for  loss of any kind.",
      ].join("\n"),
    );
    expect(textWith(json, "accepted")).toBe(
      [
        "Limitation of Liability",
        "Each party's total liability shall not exceed 150% of the fees paid in the twelve months before the claim.",
        "Neither party limits its liability for death or personal injury caused by negligence, or for fraud.",
        "The Supplier is not liable for indirect or consequential loss.",
      ].join("\n"),
    );
  });

  test("reads comments as threads on the text they were made on: the reply in its thread, the resolved one resolved", async () => {
    const { json, threads } = await read();
    expect(threads).toEqual([
      {
        from: expect.any(Number),
        to: expect.any(Number),
        quote: "Neither party limits its liability for death or personal injury caused by negligence, or for fraud",
        resolved: false,
        comments: [
          { authorName: "Priya Shah", authorInitials: "PS", createdAt: "2026-01-07T14:30:00.000Z", body: "Fraud must be carved out as well." },
          { authorName: "Tom Berg", authorInitials: "TB", createdAt: "2026-01-06T10:15:00.000Z", body: "Agreed, added." },
        ],
      },
      {
        from: expect.any(Number),
        to: expect.any(Number),
        quote: "indirect or consequential",
        resolved: true,
        comments: [{ authorName: "Priya Shah", authorInitials: "PS", createdAt: "2026-01-07T14:30:00.000Z", body: "Does this cover loss of profit?\nSee clause 9.2." }],
      },
    ]);
    const doc = documentSchema.nodeFromJSON(json);
    for (const thread of threads) expect(doc.textBetween(thread.from, thread.to)).toBe(thread.quote);
  });

  test("no marker of the reading is left in the text", async () => {
    for (const name of ["negotiated-liability-clause.docx", "side-letter-with-extras.docx", "services-agreement.docx"]) {
      expect(JSON.stringify((await readDocx(fixture(name))).json)).not.toMatch(/[\uE000\uE001]/);
    }
  });

  /** The fixture with its document.xml changed, as another writer (or Word) might have written it. */
  const rewritten = (change: (xml: string) => string) => {
    const files = unzipSync(fixture("negotiated-liability-clause.docx"));
    return zipSync({ ...files, "word/document.xml": strToU8(change(strFromU8(files["word/document.xml"]!))) });
  };

  test("a comment whose range starts between paragraphs (as Word writes one around a table) starts at the next paragraph", async () => {
    const file = rewritten((xml) => xml.replace('<w:commentRangeStart w:id="2"/>', "").replace(/(<\/w:p>)(<w:p>(?:(?!<\/w:p>).)*The Supplier is not liable)/, '$1<w:commentRangeStart w:id="2"/>$2'));
    const { threads } = await readDocx(file);
    expect(threads[1]!.quote).toBe("The Supplier is not liable for indirect or consequential");
  });

  test("without word/commentsExtended.xml (older Word, other writers) each comment is a thread of its own", async () => {
    const files = unzipSync(fixture("negotiated-liability-clause.docx"));
    delete files["word/commentsExtended.xml"];
    const { threads } = await readDocx(zipSync(files));
    expect(threads.map((t) => t.comments.map((c) => c.body))).toEqual([["Fraud must be carved out as well."], ["Agreed, added."], ["Does this cover loss of profit?\nSee clause 9.2."]]);
  });

  test("text moved in Word reads as a deletion where it was and an insertion where it went", async () => {
    const who = 'w:author="Tom Berg" w:date="2026-01-08T11:00:00Z"';
    const file = rewritten((xml) =>
      xml
        .replace(/<w:r><w:t xml:space="preserve">Each party&apos;s total liability shall not exceed <\/w:t><\/w:r>/, `<w:moveFrom w:id="80" ${who}><w:r><w:t xml:space="preserve">Each party's total liability shall not exceed </w:t></w:r></w:moveFrom>`)
        .replace(/(<w:r><w:t xml:space="preserve">The Supplier is not liable for <\/w:t><\/w:r>)/, `<w:moveTo w:id="81" ${who}><w:r><w:t xml:space="preserve">Moved. </w:t></w:r></w:moveTo>$1`),
    );
    const moves = suggestionsIn((await readDocx(file)).json).filter((s) => s.id.endsWith("-80") || s.id.endsWith("-81"));
    expect(moves.map(({ kind, text }) => [kind, text])).toEqual([
      ["deletion", "Each party's total liability shall not exceed "],
      ["insertion", "Moved. "],
    ]);
  });

  test("text one side inserted and the other proposes to delete carries both suggestions", async () => {
    const file = rewritten((xml) =>
      xml.replace(
        /<w:ins ([^>]*)><w:r>(<w:rPr\/>)?<w:t xml:space="preserve">, or for fraud<\/w:t><\/w:r><\/w:ins>/,
        '<w:ins $1><w:del w:id="70" w:author="Priya Shah" w:date="2026-01-07T14:30:00Z"><w:r><w:delText xml:space="preserve">, or for fraud</w:delText></w:r></w:del></w:ins>',
      ),
    );
    const seen = suggestionsIn((await readDocx(file)).json).filter((s) => s.text === ", or for fraud");
    expect(seen.map(({ kind, authorName }) => [kind, authorName])).toEqual([
      ["insertion", "Tom Berg"],
      ["deletion", "Priya Shah"],
    ]);
  });

  test("the library import reads the file's suggestions and hands on its threads", async () => {
    const { json, threads } = await readLibrarySource({ file: "negotiated-liability-clause.docx", docx: fixture("negotiated-liability-clause.docx") });
    expect(threads.map((t) => t.comments.length)).toEqual([2, 1]);
    expect(suggestionsIn(json)).toHaveLength(5);
  });

  test("a deleted paragraph break keeps the paragraphs apart, as Word shows them, and says so", async () => {
    const file = rewritten((xml) =>
      xml.replace(/<w:p>(<w:r><w:t xml:space="preserve">Each party)/, '<w:p><w:pPr><w:rPr><w:del w:id="90" w:author="Tom Berg" w:date="2026-01-06T10:15:00Z"/></w:rPr></w:pPr>$1'),
    );
    const { json, warnings } = await readDocx(file);
    expect(ofType(json.content, "paragraph")).toHaveLength(3);
    expect(warnings).toContain("1 tracked change to paragraph breaks or table rows kept as the text shows them");
  });
});
