// Many callers authenticated at once (a storm of reconnecting sync sockets, server/collab
// turn-batch.ts): each answer is what `authenticate` alone would say for that caller, in the
// order asked, from one look-up of tokens, one of sessions and one of viewers.
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Credentials } from "../../server/auth/sign-in.ts";
import { useTestDatabase } from "../helpers/database.ts";
import { createMember, startCollab, type CollabHarness } from "./collab-harness.ts";

const db = useTestDatabase();
let harness: CollabHarness;
let editor: Awaited<ReturnType<typeof createMember>>;
let viewer: Awaited<ReturnType<typeof createMember>>;
let revokedToken: string;
let sessionToken: string;

beforeAll(async () => {
  harness = await startCollab(db());
  editor = await createMember(db(), harness.services, "EDITOR");
  viewer = await createMember(db(), harness.services, "VIEWER");
  const revoked = await harness.services.auth.createApiToken(editor.viewer, { name: "to revoke" });
  revokedToken = revoked.token;
  await harness.services.auth.revokeApiToken(editor.viewer, revoked.record.id);
  sessionToken = (await harness.services.auth.login({ email: viewer.email, password: viewer.password }, { ip: "127.0.0.1" })).token;
});
afterAll(() => harness?.close());

test("each caller gets what authenticate alone would say, in the order asked; a bad credential fails only its own caller", async () => {
  const asked: Credentials[] = [
    { bearerToken: editor.token },
    { sessionToken },
    { bearerToken: revokedToken },
    { bearerToken: "pct_not-a-token" },
    { sessionToken: "a".repeat(32) },
    { bearerToken: "", sessionToken }, // a malformed Authorization header wins over the cookie, and fails
    {},
    { bearerToken: editor.token },
  ];
  const many = await harness.services.auth.authenticateMany(asked);
  const alone = [];
  for (const credentials of asked) alone.push(await harness.services.auth.authenticate(credentials));
  expect(many).toEqual(alone);

  expect(many.map((r) => r.ok)).toEqual([true, true, false, false, false, false, false, true]);
  const [byToken, bySession, , , , , , again] = many as Array<Extract<(typeof many)[number], { ok: true }>>;
  expect(byToken!.auth.viewer.id).toBe(editor.user.id);
  expect(byToken!.auth.apiTokenId).toBeTruthy();
  expect(bySession!.auth.viewer.id).toBe(viewer.user.id);
  expect(bySession!.auth.sessionId).toBeTruthy();
  // Two callers with one credential still hold viewers of their own (a request may note a team it joined).
  expect(again!.auth.viewer).toEqual(byToken!.auth.viewer);
  expect(again!.auth.viewer).not.toBe(byToken!.auth.viewer);
});
