import type { PresentedThread, VisibilityOption } from "../../../server/comments/index.ts";

/**
 * The comments API (server/api/comments.ts) from the browser: same origin, the session cookie
 * authenticates, and every answer is what the policy lets this person see (ADR 031).
 */
export type Thread = PresentedThread;
export type CommentList = { threads: Thread[]; visibilityOptions: VisibilityOption[] };
export type Anchor = { start: string; end: string };
export type MentionCandidate = { id: string; name: string };

export class CommentsApiError extends Error {}

async function call<T>(path: string, init: { method?: string; json?: unknown } = {}): Promise<T> {
  const response = await fetch(path, {
    method: init.method ?? "GET",
    headers: init.json === undefined ? { Accept: "application/json" } : { Accept: "application/json", "Content-Type": "application/json" },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
    credentials: "same-origin",
  });
  const body = (await response.json().catch(() => null)) as { error?: { message?: string; details?: { issues?: { message: string }[] } } } | null;
  if (!response.ok) {
    const issue = body?.error?.details?.issues?.[0]?.message;
    throw new CommentsApiError(issue ?? body?.error?.message ?? "The comment could not be saved. Try again.");
  }
  return body as T;
}

const base = (documentId: string) => `/api/v1/documents/${encodeURIComponent(documentId)}/comments`;
/** The "comments changed" event stream for readers without a sync socket (comment-events.ts). */
export const commentEventsUrl = (documentId: string) => `/api/v1/documents/${encodeURIComponent(documentId)}/comment-events`;

export const commentsApi = {
  list: (documentId: string) => call<CommentList>(base(documentId)),
  create: (
    documentId: string,
    input: { anchor?: Anchor; quote: string; body: string; visibility: "INTERNAL" | "CLIENT"; clientOrganizationId: string | null; mentions: string[] },
  ) => call<{ thread: Thread }>(base(documentId), { method: "POST", json: { ...input, clientOrganizationId: input.clientOrganizationId ?? undefined } }),
  reply: (documentId: string, threadId: string, input: { body: string; mentions: string[] }) =>
    call<{ thread: Thread }>(`${base(documentId)}/${threadId}/comments`, { method: "POST", json: input }),
  edit: (documentId: string, threadId: string, commentId: string, input: { body: string; mentions: string[] }) =>
    call<{ thread: Thread }>(`${base(documentId)}/${threadId}/comments/${commentId}`, { method: "PATCH", json: input }),
  remove: (documentId: string, threadId: string, commentId: string) =>
    call<{ deleted: "thread" | "comment" }>(`${base(documentId)}/${threadId}/comments/${commentId}`, { method: "DELETE" }),
  resolve: (documentId: string, threadId: string) => call<{ thread: Thread }>(`${base(documentId)}/${threadId}/resolve`, { method: "POST" }),
  reopen: (documentId: string, threadId: string) => call<{ thread: Thread }>(`${base(documentId)}/${threadId}/reopen`, { method: "POST" }),
  mentionable: (documentId: string, q: string) =>
    call<{ people: MentionCandidate[] }>(`${base(documentId)}/mentionable?q=${encodeURIComponent(q)}`).then((r) => r.people),
};
