import { describe, expect, test } from "vitest";
import type { CloseCode } from "./close-codes.ts";
import type { Connection } from "./connection.ts";
import { EmptyRevokeScopeError, revokeConnections } from "./revoke.ts";

function fakeConnection(
  userId: string,
  documentId: string,
  credential: { sessionId?: string; apiTokenId?: string } = {},
  access: { readOnly?: boolean; suggestOnly?: boolean } = {},
) {
  const closedWith: CloseCode[] = [];
  const connection = {
    userId,
    documentId,
    userName: userId,
    sessionId: credential.sessionId ?? null,
    apiTokenId: credential.apiTokenId ?? null,
    readOnly: access.readOnly ?? false,
    suggestOnly: access.suggestOnly ?? false,
    commentAudience: { internal: true, clientIds: [] },
    awarenessClientIds: new Set<number>(),
    droppedUpdates: 0,
    get closed() {
      return closedWith.length > 0;
    },
    send() {},
    sweep() {},
    close(reason: CloseCode) {
      closedWith.push(reason);
    },
  } satisfies Connection;
  return { connection, closedWith };
}

describe("revoke", () => {
  const sockets = () => [fakeConnection("u1", "d1"), fakeConnection("u1", "d2"), fakeConnection("u2", "d1")];

  test("closes the sockets matching every list given, with AuthorizationChanged", () => {
    const all = sockets();
    expect(revokeConnections(all.map((s) => s.connection), { userIds: ["u1"], documentIds: ["d1"] })).toBe(1);
    expect(all.map((s) => s.closedWith.map((c) => c.code))).toEqual([[4403], [], []]);
  });

  test("by user or by document alone", () => {
    const byUser = sockets();
    expect(revokeConnections(byUser.map((s) => s.connection), { userIds: ["u1"] })).toBe(2);
    const byDocument = sockets();
    expect(revokeConnections(byDocument.map((s) => s.connection), { documentIds: ["d1"] })).toBe(2);
    expect(byDocument.map((s) => s.closedWith.length)).toEqual([1, 0, 1]);
  });

  test("only the sockets that may not edit, when a change concerns no editor (viewers may suggest, ADR 032)", () => {
    const all = [fakeConnection("editor", "d1"), fakeConnection("reader", "d1", {}, { readOnly: true }), fakeConnection("suggester", "d1", {}, { suggestOnly: true })];
    expect(revokeConnections(all.map((s) => s.connection), { documentIds: ["d1"], nonEditorsOnly: true })).toBe(2);
    expect(all.map((s) => s.closedWith.length)).toEqual([0, 1, 1]);
    expect(() => revokeConnections([], { nonEditorsOnly: true })).toThrow(EmptyRevokeScopeError);
  });

  test("refuses an empty scope and closes nothing", () => {
    const all = sockets();
    const connections = all.map((s) => s.connection);
    expect(() => revokeConnections(connections, {})).toThrow(EmptyRevokeScopeError);
    expect(() => revokeConnections(connections, { userIds: [], documentIds: [] })).toThrow(EmptyRevokeScopeError);
    expect(all.every((s) => s.closedWith.length === 0)).toBe(true);
  });

  test("an empty list beside a non-empty one matches nobody", () => {
    const all = sockets();
    expect(revokeConnections(all.map((s) => s.connection), { userIds: [], documentIds: ["d1"] })).toBe(0);
  });

  test("by the session or API token a socket was opened with: signing out one tab leaves the others", () => {
    const all = [
      fakeConnection("u1", "d1", { sessionId: "s1" }),
      fakeConnection("u1", "d2", { sessionId: "s2" }),
      fakeConnection("u1", "d1", { apiTokenId: "t1" }),
    ];
    expect(revokeConnections(all.map((s) => s.connection), { sessionIds: ["s1"] })).toBe(1);
    expect(revokeConnections(all.map((s) => s.connection), { apiTokenIds: ["t1"] })).toBe(1);
    expect(all.map((s) => s.closedWith.length)).toEqual([1, 0, 1]);
  });
});
