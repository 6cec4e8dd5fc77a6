import { useEffect, useRef, useState, type FormEvent } from "react";
import { formatDate } from "~/components/documents/labels";
import { formatShortcut, useMacKeys } from "~/utils/keyboard";
import { commentsApi, type Thread } from "./comments-api";
import { useComments } from "./comments-context";
import { MentionTextarea, mentionIdsIn, type MentionValue } from "./mention-textarea";

/**
 * The document page's Comments tab (ADR 031): the comment being written on a selection, then
 * the open threads and the resolved ones, each with its quoted text (a click selects it in the
 * editor), its comments, a reply box, and resolve or reopen.
 */
const EMPTY: MentionValue = { body: "", mentioned: [] };

function useSave() {
  const { refresh } = useComments();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function save(task: () => Promise<unknown>): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      await task();
      refresh();
      return true;
    } catch (e) {
      setError(e instanceof Error ? e.message : "That did not work. Try again.");
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, save };
}

export function CommentsPanel() {
  const { list, error, draft, startComment } = useComments();
  const mac = useMacKeys();
  const threads = list?.threads ?? [];
  const open = threads.filter((t) => !t.resolved);
  const resolved = threads.filter((t) => t.resolved);
  const canComment = (list?.visibilityOptions.length ?? 0) > 0;
  useScrollToLinkedThread();
  return (
    <section className="comments-panel" aria-labelledby="comments-title">
      <h2 id="comments-title">Comments</h2>
      {draft ? <NewComment /> : null}
      {!draft && canComment ? (
        <p className="comments-start">
          <button type="button" className="button small" onMouseDown={(e) => e.preventDefault() /* keep the selection */} onClick={() => startComment()}>
            Comment on the selection
          </button>{" "}
          <span className="hint">Select text in the document first ({formatShortcut("Mod-Alt-m", mac)}).</span>
        </p>
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {list === null && !error ? <p className="hint">Loading comments…</p> : null}
      {list !== null && threads.length === 0 ? <p className="hint">No comments yet.</p> : null}
      {open.length ? (
        <>
          <h3>Open ({open.length})</h3>
          <ul className="comment-threads" aria-label="Open comments">
            {open.map((t) => (
              <ThreadCard key={t.id} thread={t} />
            ))}
          </ul>
        </>
      ) : null}
      {resolved.length ? (
        <details className="comments-resolved">
          <summary>Resolved ({resolved.length})</summary>
          <ul className="comment-threads" aria-label="Resolved comments">
            {resolved.map((t) => (
              <ThreadCard key={t.id} thread={t} />
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}

/** A link to one thread (a mention's notification, `?thread=`): shown once the list has arrived. */
function useScrollToLinkedThread() {
  const { list, activeId } = useComments();
  const done = useRef(false);
  useEffect(() => {
    if (done.current || !list || !activeId) return;
    done.current = true;
    document.getElementById(`comment-thread-${activeId}`)?.scrollIntoView({ block: "nearest" });
  }, [list, activeId]);
}

function NewComment() {
  const { documentId, list, draft, setDraft, setActive } = useComments();
  const options = list?.visibilityOptions ?? [];
  const [value, setValue] = useState<MentionValue>(EMPTY);
  const [choice, setChoice] = useState(0);
  const { busy, error, save } = useSave();
  if (!draft) return null;
  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    const option = options[choice];
    if (!option || busy) return;
    let created: Thread | null = null;
    const ok = await save(async () => {
      created = (await commentsApi.create(documentId, { ...draft, body: value.body, visibility: option.visibility, clientOrganizationId: option.clientOrganizationId, mentions: mentionIdsIn(value) })).thread;
    });
    if (ok) {
      setDraft(null);
      setActive((created as Thread | null)?.id ?? null);
    }
  };
  return (
    <form className="comment-new card" aria-label="New comment" onSubmit={submit}>
      <blockquote className="comment-quote">{draft.quote}</blockquote>
      <MentionTextarea documentId={documentId} label="Comment" value={value} onChange={setValue} onSubmit={() => void submit()} autoFocus />
      {options.length > 1 ? (
        <div className="field">
          <label htmlFor="comment-visibility">Who sees it</label>
          <select id="comment-visibility" value={choice} onChange={(e) => setChoice(Number(e.target.value))}>
            {options.map((o, i) => (
              <option key={`${o.visibility}:${o.clientOrganizationId ?? ""}`} value={i}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      ) : options[0] ? (
        <p className="hint">{options[0].label}</p>
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <SubmitOrCancel label="Comment" disabled={busy || !value.body.trim()} onCancel={() => setDraft(null)} />
    </form>
  );
}

/** A comment form's buttons: send it, or give up what was typed. */
function SubmitOrCancel({ label, disabled, onCancel }: { label: string; disabled: boolean; onCancel: () => void }) {
  return (
    <div className="comment-actions">
      <button type="submit" className="button primary small" disabled={disabled}>
        {label}
      </button>
      <button type="button" className="button small" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

const STATE_NOTES: Record<Thread["state"], string | null> = {
  anchored: null,
  deleted: "On deleted text",
  pending: "Its text has not reached the server yet",
};

function ThreadCard({ thread }: { thread: Thread }) {
  const { documentId, activeId, setActive, editor } = useComments();
  const { busy, error, save } = useSave();
  const [reply, setReply] = useState<MentionValue>(EMPTY);
  const active = activeId === thread.id;
  const note = STATE_NOTES[thread.state];
  const audience = thread.visibility === "INTERNAL" ? "Internal" : `Visible to ${thread.client?.name ?? "the client"}`;
  const show = () => {
    setActive(thread.id);
    editor?.selectThread(thread);
  };
  const sendReply = async (e?: FormEvent) => {
    e?.preventDefault();
    if (busy || !reply.body.trim()) return;
    if (await save(() => commentsApi.reply(documentId, thread.id, { body: reply.body, mentions: mentionIdsIn(reply) }))) setReply(EMPTY);
  };
  return (
    <li id={`comment-thread-${thread.id}`} className={`comment-thread${active ? " comment-thread--active" : ""}`} aria-label={`Comment on “${thread.quote}”`}>
      <button type="button" className="comment-quote comment-quote--link" onClick={show} aria-label={`Show in the document: ${thread.quote}`}>
        {thread.quote}
      </button>
      <p className="comment-meta">
        <span className={`badge ${thread.visibility === "INTERNAL" ? "badge--internal" : "badge--client"}`}>{audience}</span>
        {note ? <span className="hint"> · {note}</span> : null}
        {thread.resolved && thread.resolvedBy ? <span className="hint"> · Resolved by {thread.resolvedBy.name}</span> : null}
      </p>
      <ol className="comment-list">
        {thread.comments.map((c) => (
          <CommentItem key={c.id} thread={thread} comment={c} />
        ))}
      </ol>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {thread.abilities.reply && !thread.resolved ? (
        <form className="comment-reply" aria-label="Reply to the thread" onSubmit={sendReply}>
          <MentionTextarea documentId={documentId} label="Reply" rows={2} value={reply} onChange={setReply} onSubmit={() => void sendReply()} />
          <div className="comment-actions">
            <button type="submit" className="button small" disabled={busy || !reply.body.trim()}>
              Reply
            </button>
          </div>
        </form>
      ) : null}
      {thread.abilities.resolve ? (
        <div className="comment-actions">
          <button
            type="button"
            className="button small"
            disabled={busy}
            onClick={() => void save(() => (thread.resolved ? commentsApi.reopen(documentId, thread.id) : commentsApi.resolve(documentId, thread.id)))}
          >
            {thread.resolved ? "Reopen" : "Resolve"}
          </button>
        </div>
      ) : null}
    </li>
  );
}

function CommentItem({ thread, comment }: { thread: Thread; comment: Thread["comments"][number] }) {
  const { documentId } = useComments();
  const { busy, error, save } = useSave();
  const [editing, setEditing] = useState<MentionValue | null>(null);
  const [confirming, setConfirming] = useState(false);
  const isFirst = thread.comments[0]?.id === comment.id;
  return (
    <li className="comment">
      <p className="comment-byline">
        <strong>{comment.author.name}</strong>
        {comment.importedFromWord ? <span className="hint"> (from Word)</span> : null}{" "}
        <time className="hint" dateTime={comment.createdAt}>
          {formatDate(comment.createdAt)}
        </time>
        {comment.editedAt ? <span className="hint"> · edited</span> : null}
      </p>
      {editing ? (
        <form
          aria-label="Edit comment"
          onSubmit={async (e) => {
            e.preventDefault();
            if (await save(() => commentsApi.edit(documentId, thread.id, comment.id, { body: editing.body, mentions: mentionIdsIn(editing) }))) setEditing(null);
          }}
        >
          <MentionTextarea documentId={documentId} label="Edit comment" rows={2} value={editing} onChange={setEditing} autoFocus />
          <SubmitOrCancel label="Save" disabled={busy || !editing.body.trim()} onCancel={() => setEditing(null)} />
        </form>
      ) : (
        <p className="comment-body">{comment.body}</p>
      )}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {comment.mine && !editing ? (
        <div className="comment-actions">
          <button type="button" className="button small" onClick={() => setEditing({ body: comment.body, mentioned: comment.mentions })}>
            Edit
          </button>
          {confirming ? (
            <>
              <button type="button" className="button small danger" disabled={busy} onClick={() => void save(() => commentsApi.remove(documentId, thread.id, comment.id))}>
                {isFirst ? "Yes, delete the thread" : "Yes, delete"}
              </button>
              <button type="button" className="button small" onClick={() => setConfirming(false)}>
                Keep
              </button>
            </>
          ) : (
            <button type="button" className="button small danger" onClick={() => setConfirming(true)}>
              Delete
            </button>
          )}
        </div>
      ) : null}
    </li>
  );
}
