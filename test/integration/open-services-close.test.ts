// A command that opens the services and closes them at once (a dry run on an empty library) must
// close cleanly: the search engine's start was still reading when the database closed under it.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { loadConfig } from "../../server/config.ts";
import type { Logger } from "../../server/logger.ts";
import { openServices } from "../../server/open-services.ts";

test("services opened and closed at once log no error", { timeout: 120_000 }, async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "precedent-open-close-"));
  const errors: string[] = [];
  const logger: Logger = { debug() {}, info() {}, warn() {}, error: (message, fields) => errors.push(`${message} ${JSON.stringify(fields ?? {})}`) };
  try {
    const config = loadConfig({ DATA_DIR: dataDir });
    for (let i = 0; i < 3; i++) {
      const opened = await openServices({ config, logger, role: "cli" });
      await opened.close();
    }
    expect(errors).toEqual([]);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
