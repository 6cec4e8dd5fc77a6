import { STATUS_CODES, type IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { can, type Resource } from "../auth/policy.ts";
import { isOriginAllowed } from "../auth/origin.ts";
import type { AuthService } from "../auth/service.ts";
import type { Viewer } from "../auth/viewer.ts";
import { readCookie, SESSION_COOKIE } from "../http/cookies.ts";
import type { Logger } from "../logger.ts";
import { commentAudienceOf, type CommentAudience } from "../comments/visibility.ts";

/**
 * Everything about a sync socket is decided here, before the WebSocket handshake: which
 * document, who is asking (session cookie, or `?token=` / Bearer API token), whether a cookie
 * came from our own Origin, and what the policy allows. A refusal is a plain HTTP response
 * (401, 403 for a foreign Origin, 404 for a missing or unreadable document) on the raw socket, so a refused client never receives a Yjs message.
 * Read access opens the socket; without update access it is read-only, or suggest-only for
 * someone who may suggest (ADR 032: the room checks each of its changes).
 */
export const COLLAB_PATH_PREFIX = "/collab/";
const DOCUMENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

export type DocumentAccess = Extract<Resource, { type: "document" }>;

export type UpgradeDeps = {
  authenticate: AuthService["authenticate"];
  /** The document's policy resource; null when there is no such document. */
  getAccess: (documentId: string) => Promise<DocumentAccess | null>;
  appOrigin: string | undefined;
  logger: Logger;
};

export type UpgradeGrant = {
  documentId: string;
  viewer: Viewer;
  readOnly: boolean;
  /** May only suggest: its changes must be suggestions in its own name (ADR 032). */
  suggestOnly: boolean;
  /** Which comment threads' change signals the socket may receive (ADR 031). */
  commentAudience: CommentAudience;
  sessionId?: string;
  apiTokenId?: string;
  /** The client whose material the document is; null for house knowledge (the access record). */
  clientOrganizationId: string | null;
  /** The API token's expiry: the socket closes then (AuthorizationChanged) and a reconnect is refused. */
  credentialsExpireAt?: Date | null;
};
export type UpgradeRefusal = { status: 400 | 401 | 403 | 404 | 500 | 503; code: string; message: string };
export type UpgradeDecision = { ok: true; grant: UpgradeGrant } | { ok: false; refusal: UpgradeRefusal };

const refuse = (status: UpgradeRefusal["status"], code: string, message: string): UpgradeDecision => ({
  ok: false,
  refusal: { status, code, message },
});

/** `/collab/<documentId>` → the id, or null for any other path or a malformed id. */
export function parseCollabPath(rawUrl: string | undefined): { documentId: string | null; url: URL } | null {
  const url = new URL(rawUrl ?? "/", "http://collab.invalid");
  if (!url.pathname.startsWith(COLLAB_PATH_PREFIX)) return null;
  let documentId: string | null = null;
  try {
    const candidate = decodeURIComponent(url.pathname.slice(COLLAB_PATH_PREFIX.length));
    documentId = DOCUMENT_ID.test(candidate) ? candidate : null;
  } catch {
    documentId = null;
  }
  return { documentId, url };
}

function bearerOf(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  return /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] ?? "";
}

export async function authorizeUpgrade(req: IncomingMessage, deps: UpgradeDeps): Promise<UpgradeDecision> {
  const parsed = parseCollabPath(req.url);
  if (!parsed?.documentId) return refuse(404, "document_not_found", "The document was not found.");
  const { documentId, url } = parsed;

  const token = url.searchParams.get("token") ?? bearerOf(req);
  const sessionToken = readCookie(req.headers.cookie, SESSION_COOKIE);
  const usesCookie = token === undefined && !!sessionToken;
  // A WebSocket upgrade is a GET, but it opens a read-write channel: check Origin like a POST.
  const originOk = isOriginAllowed({
    method: "WEBSOCKET",
    origin: req.headers.origin,
    host: req.headers.host,
    appOrigin: deps.appOrigin,
    usesCookie,
  });
  if (!originOk) return refuse(403, "bad_origin", "The request did not come from this site (Origin check failed).");

  try {
    const result = await deps.authenticate({ sessionToken: usesCookie ? sessionToken : undefined, bearerToken: token });
    if (!result.ok) return refuse(401, "unauthenticated", "Sign in or send a valid API token.");
    const { viewer, sessionId, apiTokenId, apiTokenExpiresAt } = result.auth;

    const access = await deps.getAccess(documentId);
    // A document the viewer may not read is "not found", as on the HTTP API (decision 006):
    // the answer must not disclose that it exists.
    if (!access || !can(viewer, "read", access)) {
      return refuse(404, "document_not_found", "The document was not found.");
    }
    // Readers who may not see drafts read the published version over HTTP, never the live draft (ADR 012).
    if (!can(viewer, "readDraft", access)) {
      return refuse(403, "forbidden", "This document's draft is for its editors; read its published version instead.");
    }
    const update = can(viewer, "update", access);
    const suggestOnly = !update && can(viewer, "suggest", access);
    return {
      ok: true,
      grant: {
        documentId,
        viewer,
        readOnly: !update && !suggestOnly,
        suggestOnly,
        commentAudience: commentAudienceOf(viewer, access),
        sessionId,
        apiTokenId,
        clientOrganizationId: access.clientOrganizationId ?? null,
        credentialsExpireAt: apiTokenExpiresAt,
      },
    };
  } catch (error) {
    const status = (error as { status?: unknown })?.status;
    if (status === 404) return refuse(404, "document_not_found", "The document was not found.");
    deps.logger.error("collab: upgrade check failed", { documentId, error: String((error as Error)?.stack ?? error) });
    return refuse(500, "internal_error", "Something went wrong on our side.");
  }
}

/** Answers the upgrade request with a plain HTTP error and closes the socket: no handshake happens. */
export function refuseUpgrade(socket: Duplex, refusal: UpgradeRefusal): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({ error: { code: refusal.code, message: refusal.message } });
  const head = [
    `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? "Error"}`,
    "Connection: close",
    "Content-Type: application/json; charset=utf-8",
    `Content-Length: ${Buffer.byteLength(body)}`,
    "",
    "",
  ].join("\r\n");
  socket.once("finish", () => socket.destroy());
  socket.end(head + body);
}
