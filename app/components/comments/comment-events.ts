import { commentEventsUrl } from "./comments-api";

/** How often the list is polled once the event stream has failed. */
const POLL_WITHOUT_STREAM_MS = 30_000;
/** Errors in a row (each a failed reconnection) before the stream is given up for polling. */
const STREAM_FAILURES_BEFORE_POLLING = 3;

/**
 * For a page without a sync socket (clients, readers of a published version): the comment event
 * stream (`GET …/comment-events`, ADR 031) calls `onChanged` whenever a thread this person may
 * read changes, and on every (re)connection, since a change may have come while it was not
 * connected. The browser reconnects by itself; when the server refuses the stream (no access,
 * too many tabs) or it keeps failing, the list is polled instead. Returns the stop.
 */
export function followCommentChanges(documentId: string, onChanged: () => void): () => void {
  const source = new EventSource(commentEventsUrl(documentId));
  let failures = 0;
  let poll: ReturnType<typeof setInterval> | undefined;
  source.addEventListener("changed", onChanged);
  source.addEventListener("open", () => {
    failures = 0;
    onChanged();
  });
  source.addEventListener("error", () => {
    failures += 1;
    // CLOSED: refused with an error status, which the browser does not retry.
    if (source.readyState !== EventSource.CLOSED && failures < STREAM_FAILURES_BEFORE_POLLING) return;
    source.close();
    poll ??= setInterval(onChanged, POLL_WITHOUT_STREAM_MS);
  });
  return () => {
    source.close();
    clearInterval(poll);
  };
}
