import { describe, expect, test } from "vitest";
import type { Db } from "../db/database.ts";
import type { Logger } from "../logger.ts";
import { createAccessRecorder, hourOf, readOnceKey } from "./record.ts";

type Row = Record<string, unknown>;

function fakes(fail = false) {
  const rows: Row[] = [];
  const logged: string[] = [];
  const db = {
    accessEvent: {
      createMany: async ({ data }: { data: Row[] }) => {
        if (fail) throw new Error("database down");
        rows.push(...data);
        return { count: data.length };
      },
    },
  } as unknown as Db;
  const quiet = () => {};
  const logger: Logger = { debug: quiet, info: quiet, warn: quiet, error: (message) => void logged.push(message) };
  const now = () => new Date("2025-03-04T10:59:59.999Z");
  return { rows, logged, recorder: createAccessRecorder({ db, logger, now }) };
}

describe("recording an access", () => {
  test("a READ carries its hour and once-key; an EXPORT has no once-key", async () => {
    const { rows, recorder } = fakes();
    await recorder.recordRead({ id: "u1" }, { documentId: "d1", clientOrganizationId: "c1", channel: "page" });
    await recorder.recordExport({ id: "u1" }, { documentId: "d1", clientOrganizationId: "c1", channel: "export:docx" });
    expect(rows).toMatchObject([
      { kind: "READ", userId: "u1", documentId: "d1", mandateId: null, clientOrganizationId: "c1", onceKey: "u1:d1:2025-03-04T10:00:00.000Z" },
      { kind: "EXPORT", channel: "export:docx", onceKey: null },
    ]);
    expect((rows[0]!.hour as Date).toISOString()).toBe("2025-03-04T10:00:00.000Z");
  });

  test("house knowledge records nothing", async () => {
    const { rows, recorder } = fakes();
    await recorder.recordRead({ id: "u1" }, { documentId: "d1", clientOrganizationId: null, channel: "api" });
    await recorder.recordExport({ id: "u1" }, { documentId: "d1", clientOrganizationId: null, channel: "export:md" });
    expect(rows).toEqual([]);
  });

  test("a failing database is logged, never thrown into the read", async () => {
    const { logged, recorder } = fakes(true);
    await expect(recorder.recordRead({ id: "u1" }, { mandateId: "m1", clientOrganizationId: "c1", channel: "page" })).resolves.toBeUndefined();
    expect(logged).toEqual(["access record: could not record an access"]);
  });

  test("hours are UTC hours", () => {
    expect(hourOf(new Date("2025-03-04T23:30:00.000+05:30")).toISOString()).toBe("2025-03-04T18:00:00.000Z");
    expect(readOnceKey("u", "t", new Date("2025-03-04T18:00:00.000Z"))).toBe("u:t:2025-03-04T18:00:00.000Z");
  });
});
