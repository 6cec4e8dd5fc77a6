import { CloseCodes } from "./close-codes.ts";
import type { Connection } from "./connection.ts";

/**
 * Access is decided once, at the upgrade. When it changes (a share removed, a role changed, a
 * user signed out, an API token revoked), the sockets it concerns are closed with
 * AuthorizationChanged and the client reconnects through the upgrade check again.
 *
 * A scope names users, documents, sessions or API tokens (a socket must match every list
 * given). An empty scope is refused: "revoke everything" is never what a caller meant.
 */
export type RevokeScope = {
  userIds?: readonly string[];
  documentIds?: readonly string[];
  /** Sockets opened with these sessions' cookies. */
  sessionIds?: readonly string[];
  /** Sockets opened with these API tokens. */
  apiTokenIds?: readonly string[];
  /** Only sockets that may not edit (read-only or suggest-only): the change concerns no editor (ADR 032). */
  nonEditorsOnly?: boolean;
};

export class EmptyRevokeScopeError extends Error {
  constructor() {
    super("revoke() needs userIds, documentIds, sessionIds or apiTokenIds; an empty scope would close every socket.");
    this.name = "EmptyRevokeScopeError";
  }
}

export function matchesScope(
  connection: Pick<Connection, "userId" | "documentId" | "sessionId" | "apiTokenId" | "readOnly" | "suggestOnly">,
  scope: RevokeScope,
): boolean {
  if (scope.nonEditorsOnly && !connection.readOnly && !connection.suggestOnly) return false;
  if (scope.userIds && !scope.userIds.includes(connection.userId)) return false;
  if (scope.documentIds && !scope.documentIds.includes(connection.documentId)) return false;
  if (scope.sessionIds && (connection.sessionId === null || !scope.sessionIds.includes(connection.sessionId))) return false;
  if (scope.apiTokenIds && (connection.apiTokenId === null || !scope.apiTokenIds.includes(connection.apiTokenId))) return false;
  return true;
}

/** Closes the matching sockets with 4403 AuthorizationChanged; returns how many. */
export function revokeConnections(connections: Iterable<Connection>, scope: RevokeScope): number {
  if (!scope.userIds?.length && !scope.documentIds?.length && !scope.sessionIds?.length && !scope.apiTokenIds?.length) {
    throw new EmptyRevokeScopeError();
  }
  let closed = 0;
  for (const connection of [...connections]) {
    if (connection.closed || !matchesScope(connection, scope)) continue;
    connection.close(CloseCodes.AuthorizationChanged);
    closed += 1;
  }
  return closed;
}
