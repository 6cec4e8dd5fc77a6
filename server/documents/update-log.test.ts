import { beforeAll, describe, expect, test } from "vitest";
import { useTestDatabase } from "../../test/helpers/database.ts";
import { createUser } from "../../test/factories/users.ts";
import { createAuthService } from "../auth/service.ts";
import { createUpdateLog, insertLogRows, logInsertSql, pgliteLogInsert, type LogRow } from "./update-log.ts";

const db = useTestDatabase();
let organizationId: string;

const newDocument = () => db().prisma.document.create({ data: { organizationId, kind: "PLAYBOOK", title: "Log" } });
const row = (documentId: string, byte: number): LogRow => ({ documentId, data: new Uint8Array([byte]), userId: null });

beforeAll(async () => {
  const { organization } = await createUser(createAuthService({ db: db().prisma }), { role: "EDITOR" });
  organizationId = organization.id;
});

describe("update log", () => {
  test("rows handed in while a statement runs go together in the next one, across documents, each caller getting its ids in order", async () => {
    const [one, two] = [await newDocument(), await newDocument()];
    const statements: number[] = [];
    const log = createUpdateLog(async (rows) => {
      statements.push(rows.length);
      return insertLogRows(db().prisma, rows);
    });
    const first = log.append([row(one.id, 1)]);
    const joined = [log.append([row(one.id, 2), row(one.id, 3)]), log.append([row(two.id, 4)]), log.append([row(one.id, 5)])];
    const ids = await Promise.all([first, ...joined]);

    expect(statements).toEqual([1, 4]);
    expect(ids.map((x) => x.length)).toEqual([1, 2, 1, 1]);
    const stored = await db().prisma.documentUpdate.findMany({
      where: { documentId: { in: [one.id, two.id] } },
      orderBy: { id: "asc" },
      select: { id: true, data: true },
    });
    expect(stored.map((r) => r.id)).toEqual(ids.flat());
    expect(stored.map((r) => r.data[0])).toEqual([1, 2, 3, 4, 5]);
  });

  test("a caller whose rows fail (its document is gone) fails alone; the others sharing its statement are stored", async () => {
    const doc = await newDocument();
    const log = createUpdateLog((rows) => insertLogRows(db().prisma, rows));
    const first = log.append([row(doc.id, 1)]);
    const gone = log.append([row("no-such-document", 2)]);
    const fine = log.append([row(doc.id, 3)]);

    await first;
    await expect(gone).rejects.toThrow();
    await expect(fine).resolves.toHaveLength(1);
    const stored = await db().prisma.documentUpdate.findMany({ where: { documentId: doc.id }, orderBy: { id: "asc" }, select: { data: true } });
    expect(stored.map((r) => r.data[0])).toEqual([1, 3]);
  });
});

describe("the log statement with its values written in (PGlite's path)", () => {
  test("stores ids with quotes and backslashes and every byte value exactly, and returns the ids in order", async () => {
    const doc = await newDocument();
    const everyByte = new Uint8Array(256).map((_, i) => i);
    const rows: LogRow[] = [
      { documentId: doc.id, data: everyByte, userId: "o'brien\\'); DROP TABLE \"DocumentUpdate\"; --" },
      { documentId: doc.id, data: everyByte.subarray(250), userId: null },
      { documentId: doc.id, data: new Uint8Array([0]), userId: "\\x00" },
    ];
    // The same statement text on either database: PGlite runs it as one simple query.
    const ids = db().pglite
      ? await pgliteLogInsert(db().pglite!)(rows)
      : (await db().prisma.$queryRawUnsafe<Array<{ id: bigint }>>(logInsertSql(rows))).map((r) => BigInt(r.id));
    const stored = await db().prisma.documentUpdate.findMany({ where: { documentId: doc.id }, orderBy: { id: "asc" }, select: { id: true, data: true, userId: true } });
    expect(stored.map((r) => r.id)).toEqual(ids);
    expect(stored.map((r) => [...r.data])).toEqual(rows.map((r) => [...r.data]));
    expect(stored.map((r) => r.userId)).toEqual(rows.map((r) => r.userId));
    expect(() => logInsertSql([{ documentId: "a\u0000b", data: new Uint8Array([1]), userId: null }])).toThrow(/NUL/);
  });
});
