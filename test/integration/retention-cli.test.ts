// `npm run retention:purge` as an operator runs it: on a data folder, with a summary.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { runScript } from "../helpers/cli.ts";

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "precedent-purge-"));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

test("a dry run on an empty trash says nothing would go; an unknown option is refused", { timeout: 300_000 }, async () => {
  const dry = await runScript("retention-purge", ["--dry-run"], dataDir);
  expect({ code: dry.code, stderr: dry.stderr }).toEqual({ code: 0, stderr: "" });
  expect(dry.stdout).toContain("Would purge 0 document(s); kept 0 past the trash period (RETENTION_YEARS=7).");
  const bad = await runScript("retention-purge", ["--everything"], dataDir);
  expect(bad.code).toBe(64);
  expect(bad.stderr).toContain("Unknown option(s): --everything");
});
