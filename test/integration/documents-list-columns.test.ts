// Lists read only what they show (ADR 023): the library list, and the library sorted by usage
// that reads up to 1,000 of its rows, never fetch the Yjs state or the derived content.
import { beforeAll, describe, expect, test } from "vitest";
import { createAuthService } from "../../server/auth/service.ts";
import type { Viewer } from "../../server/auth/viewer.ts";
import { createDocumentService, type DocumentService } from "../../server/documents/service.ts";
import { presentDocumentSummary } from "../../server/documents/presenter.ts";
import { createUser, viewerOf } from "../factories/users.ts";
import { useTestDatabase } from "../helpers/database.ts";

const db = useTestDatabase();
let documents: DocumentService;
let editor: Viewer;

const LARGE_COLUMNS = ["ydocState", "contentJson", "contentText", "sections"];

beforeAll(async () => {
  const prisma = db().prisma;
  documents = createDocumentService({ db: prisma });
  const { user } = await createUser(createAuthService({ db: prisma }), { role: "EDITOR", organizationName: "List Columns LLP" });
  editor = await viewerOf(prisma, user.id);
  for (const title of ["Alpha playbook", "Beta toolkit"]) {
    await documents.create(editor, { kind: "PLAYBOOK", title, tags: ["lean"], markdown: `# ${title}\n\n${"Long clause text. ".repeat(500)}` });
  }
});

describe("document lists", () => {
  test("read no large column, and still give the page everything it shows", async () => {
    const page = await documents.list(editor, { sort: "title", order: "asc" });
    expect(page.items.map((d) => d.title)).toEqual(["Alpha playbook", "Beta toolkit"]);
    for (const item of page.items) {
      for (const column of LARGE_COLUMNS) expect(item, column).not.toHaveProperty(column);
      expect(presentDocumentSummary(item, editor)).toMatchObject({ title: item.title, tags: ["lean"], owner: { id: editor.id } });
    }
    // The content is still there for a read of one document.
    const one = await documents.get(editor, page.items[0]!.id);
    expect(one.contentText).toContain("Long clause text.");
  });
});
