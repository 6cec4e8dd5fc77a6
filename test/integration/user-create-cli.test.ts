// `npm run user:create` as an operator runs it, on an embedded data folder: client organisations
// are chosen by identity. --create-org always creates a new one (two may share a name), --org NAME
// works only when exactly one has that name (otherwise nothing changes and the candidates are
// listed with their ids), --org-id always works.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { runScript } from "../helpers/cli.ts";

const userCreate = (args: string[], dataDir: string) => runScript("user-create", args, dataDir);

const client = (email: string, ...org: string[]) => ["--email", email, "--password", "a long passphrase", "--role", "CLIENT", ...org];

describe("user:create and client organisations", () => {
  test("two --create-org of one name make two organisations; --org then refuses and lists them; --org-id picks one", { timeout: 600_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "precedent-user-create-"));
    const dataDir = path.join(dir, "data");
    try {
      const missing = await userCreate(client("gc@apex.example", "--org", "Apex Ltd"), dataDir);
      expect(missing.code, missing.stdout + missing.stderr).toBe(2);
      expect(missing.stderr).toContain('No organisation is named "Apex Ltd"');
      expect(missing.stderr).toContain('--create-org "Apex Ltd" creates a new client organisation');

      const one = await userCreate(client("gc@apex-one.example", "--create-org", "Apex Ltd"), dataDir);
      expect(one.code, one.stdout + one.stderr).toBe(0);
      // Exactly one organisation has the name: --org finds it.
      const colleague = await userCreate(client("cfo@apex-one.example", "--org", "apex ltd"), dataDir);
      expect(colleague.code, colleague.stdout + colleague.stderr).toBe(0);
      const two = await userCreate(client("gc@apex-two.example", "--create-org", "Apex Ltd"), dataDir);
      expect(two.code, two.stdout + two.stderr).toBe(0);

      const ambiguous = await userCreate(client("legal@apex.example", "--org", "Apex Ltd"), dataDir);
      expect(ambiguous.code, ambiguous.stdout + ambiguous.stderr).toBe(2);
      expect(ambiguous.stderr).toContain('Nothing was changed: 2 organisations are named "Apex Ltd": choose one by id.');

      const idOf = (out: string) => /\(client organisation, id ([^)]+)\)/.exec(out)?.[1];
      const orgs = [idOf(one.stdout), idOf(two.stdout)];
      expect(orgs[0]).toBeTruthy();
      expect(orgs[1]).toBeTruthy();
      expect(orgs[1]).not.toBe(orgs[0]);
      expect(idOf(colleague.stdout)).toBe(orgs[0]);
      expect(ambiguous.stderr).toContain(`--org-id ${orgs[0]}  Apex Ltd (apex-ltd, client): 2 members, 0 mandates, created `);
      expect(ambiguous.stderr).toMatch(new RegExp(`--org-id ${orgs[1]}  Apex Ltd \\(apex-ltd-[a-z2-7]{6}, client\\): 1 member, 0 mandates, created `));
      expect(ambiguous.stderr).not.toContain("legal@apex.example");

      const byId = await userCreate(client("legal@apex.example", "--org-id", orgs[1]!), dataDir);
      expect(byId.code, byId.stdout + byId.stderr).toBe(0);
      expect(idOf(byId.stdout)).toBe(orgs[1]);

      const both = await userCreate(client("x@apex.example", "--org", "Apex Ltd", "--org-id", orgs[0]!), dataDir);
      expect(both.code).toBe(2);
      expect(both.stderr).toContain("give one of --org-id, --org and --create-org");
      const none = await userCreate(client("x@apex.example"), dataDir);
      expect(none.code).toBe(2);
      expect(none.stderr).toContain("--create-org NAME");
      const staffCreate = await userCreate(["--email", "pm@firm.example", "--password", "a long passphrase", "--role", "EDITOR", "--create-org", "Firm"], dataDir);
      expect(staffCreate.code).toBe(2);
      expect(staffCreate.stderr).toContain("--create-org creates a client organisation");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
