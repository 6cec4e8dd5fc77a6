// The one definition of the version in force (server/documents/in-force.ts, ADR 017) over a real
// database: publications by effective date, scheduled ones, withdrawals, ties, back-dated ones,
// and the sweep that moves the cached pointer when a scheduled publication takes effect.
import { beforeAll, describe, expect, test } from "vitest";
import { documentsWithStalePointer, refreshVersionInForce, scheduledVersions, versionInForce, versionsInForce } from "../../server/documents/in-force.ts";
import { createInForceSweep } from "../../server/documents/in-force-sweep.ts";
import { createLogger } from "../../server/logger.ts";
import { useTestDatabase } from "../helpers/database.ts";

const db = useTestDatabase();
let organizationId: string;

const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
const prisma = () => db().prisma;

async function createDocument(title: string) {
  return prisma().document.create({ data: { organizationId, kind: "PLAYBOOK", title, jurisdictions: [], tags: [], status: "PUBLISHED" } });
}

let nextNumber = new Map<string, number>();
async function addVersion(documentId: string, reason: "PUBLISH" | "MANUAL", effective: string | null, extra: { createdAt?: Date; withdrawnAt?: Date } = {}) {
  const number = (nextNumber.get(documentId) ?? 0) + 1;
  nextNumber.set(documentId, number);
  return prisma().documentVersion.create({
    data: {
      documentId,
      number,
      name: `v${number}`,
      reason,
      ydocState: new Uint8Array([0, 0]),
      contentJson: { type: "doc", content: [] },
      contentText: `text of v${number}`,
      effectiveAt: effective ? day(effective) : null,
      ...extra,
    },
  });
}

const numberOn = async (documentId: string, at: string) => (await versionInForce(prisma(), documentId, day(at)))?.number ?? null;

beforeAll(async () => {
  nextNumber = new Map();
  organizationId = (await prisma().organization.create({ data: { name: "Provider LLP", slug: "provider-llp-in-force", kind: "PROVIDER" } })).id;
});

describe("versionInForce", () => {
  test("the publication with the latest effective date on or before the day is in force; a later one is scheduled", async () => {
    const doc = await createDocument("NDA playbook");
    await addVersion(doc.id, "PUBLISH", "2026-01-01");
    await addVersion(doc.id, "MANUAL", null); // a saved draft is never in force
    await addVersion(doc.id, "PUBLISH", "2027-03-01");

    expect(await numberOn(doc.id, "2025-12-31")).toBeNull();
    expect(await numberOn(doc.id, "2026-01-01")).toBe(1);
    expect(await numberOn(doc.id, "2027-02-28")).toBe(1);
    expect(await numberOn(doc.id, "2027-03-01")).toBe(3);
    expect((await scheduledVersions(prisma(), doc.id, day("2026-06-01"))).map((v) => [v.number, v.effectiveAt.toISOString()])).toEqual([
      [3, "2027-03-01T00:00:00.000Z"],
    ]);
    expect(await scheduledVersions(prisma(), doc.id, day("2027-03-01"))).toEqual([]);
  });

  test("a back-dated publication published later takes over from its effective date, over one dated before it", async () => {
    const doc = await createDocument("Back-dated playbook");
    await addVersion(doc.id, "PUBLISH", "2026-06-01", { createdAt: day("2026-06-01") });
    // Published in September, dated back to March: on 1 May it was the version in force, as the record now reads.
    await addVersion(doc.id, "PUBLISH", "2026-03-01", { createdAt: day("2026-09-01") });
    expect(await numberOn(doc.id, "2026-02-01")).toBeNull();
    expect(await numberOn(doc.id, "2026-05-01")).toBe(2);
    // The June publication is dated later, so it stays in force from June.
    expect(await numberOn(doc.id, "2026-07-01")).toBe(1);
  });

  test("two publications with the same effective date: the later number is in force", async () => {
    const doc = await createDocument("Tied playbook");
    await addVersion(doc.id, "PUBLISH", "2026-04-01");
    await addVersion(doc.id, "PUBLISH", "2026-04-01");
    expect(await numberOn(doc.id, "2026-04-01")).toBe(2);
  });

  test("a withdrawn publication is in force until its withdrawal, never after, and is never scheduled", async () => {
    const doc = await createDocument("Withdrawn playbook");
    await addVersion(doc.id, "PUBLISH", "2026-01-01", { withdrawnAt: day("2026-05-01") });
    await addVersion(doc.id, "PUBLISH", "2027-01-01", { withdrawnAt: day("2026-05-01") });
    expect(await numberOn(doc.id, "2026-04-30")).toBe(1);
    expect(await numberOn(doc.id, "2026-05-01")).toBeNull();
    expect(await numberOn(doc.id, "2027-06-01")).toBeNull();
    expect(await scheduledVersions(prisma(), doc.id, day("2026-06-01"))).toEqual([]);
  });

  test("versionsInForce answers many documents at once, leaving out those with none", async () => {
    const a = await createDocument("A");
    const b = await createDocument("B");
    await addVersion(a.id, "PUBLISH", "2026-01-01");
    await addVersion(b.id, "PUBLISH", "2030-01-01");
    const answer = await versionsInForce(prisma(), [a.id, b.id, a.id], day("2026-02-01"));
    expect([...answer.keys()]).toEqual([a.id]);
    expect(answer.get(a.id)?.number).toBe(1);
  });
});

describe("the in-force sweep", () => {
  test("moves the pointer when a scheduled publication takes effect, once, and tells the listeners", async () => {
    const doc = await createDocument("Scheduled playbook");
    await addVersion(doc.id, "PUBLISH", "2026-01-01");
    const later = await addVersion(doc.id, "PUBLISH", "2027-03-01");
    await prisma().$transaction((tx) => refreshVersionInForce(tx, doc.id, day("2026-12-01")));
    const heard: string[][] = [];
    const sweep = createInForceSweep({ db: prisma(), intervalMs: 60_000, logger: createLogger("warn"), onChanged: async (ids) => void heard.push(ids) });

    expect(await sweep.sweep(day("2027-02-28"))).not.toContain(doc.id);
    expect((await prisma().document.findUniqueOrThrow({ where: { id: doc.id } })).publishedVersionId).not.toBe(later.id);

    expect(await documentsWithStalePointer(prisma(), day("2027-03-01"))).toContain(doc.id);
    expect(await sweep.sweep(day("2027-03-01"))).toContain(doc.id);
    expect((await prisma().document.findUniqueOrThrow({ where: { id: doc.id } })).publishedVersionId).toBe(later.id);
    expect(heard.flat()).toContain(doc.id);

    // Nothing left to move: a second pass changes nothing and tells nobody.
    heard.length = 0;
    expect(await sweep.sweep(day("2027-03-02"))).not.toContain(doc.id);
    expect(heard.flat()).not.toContain(doc.id);
  });

  test("start runs a pass at once and stop waits for it", async () => {
    const doc = await createDocument("Due at start");
    const v = await addVersion(doc.id, "PUBLISH", "2020-01-01");
    const sweep = createInForceSweep({ db: prisma(), intervalMs: 60_000, logger: createLogger("warn"), onChanged: async () => {} });
    sweep.start();
    await sweep.stop();
    expect((await prisma().document.findUniqueOrThrow({ where: { id: doc.id } })).publishedVersionId).toBe(v.id);
  });
});
