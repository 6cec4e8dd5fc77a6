import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { followCommentChanges } from "./comment-events";
import { commentsApi, type Anchor, type CommentList, type Thread } from "./comments-api";

/**
 * What the document page shares between its editor and its Comments tab (ADR 031): the threads
 * this person may read (refetched when the sync socket, or without one the comment event
 * stream, says they changed), the thread in focus, and the comment being written on a selection.
 * The editor registers itself here, so the panel can select a thread's text and the editor's
 * toolbar can start a comment.
 */
export type CommentDraft = { anchor?: Anchor; quote: string };

/** What the editor offers the comments (editor-client.tsx registers it once it exists). */
export type CommentsEditorHandle = {
  /** The selection's anchor and text, or null when nothing is selected. */
  selectionForComment(): CommentDraft | null;
  /** Selects and scrolls to the thread's text; false when it is not in the text (deleted, not arrived). */
  selectThread(thread: Thread): boolean;
  /** The threads to highlight, and which is in focus. */
  showThreads(threads: Thread[], activeId: string | null): void;
};

type CommentsState = {
  documentId: string;
  list: CommentList | null;
  error: string | null;
  refresh(): void;
  activeId: string | null;
  setActive(id: string | null): void;
  draft: CommentDraft | null;
  setDraft(draft: CommentDraft | null): void;
  /** The toolbar's "Comment" (Mod-Alt-M): the selection becomes a draft and the Comments tab opens. */
  startComment(): boolean;
  registerEditor(handle: CommentsEditorHandle | null): void;
  editor: CommentsEditorHandle | null;
  /** A thread was chosen in the editor (a click on highlighted text): show it in the panel. */
  focusThread(id: string): void;
};

const CommentsContext = createContext<CommentsState | null>(null);

export function CommentsProvider({
  documentId,
  live,
  onOpenPanel,
  children,
  initialThreadId,
}: {
  documentId: string;
  /** The page has a sync socket whose signal refetches; without one (clients, published versions), the comment event stream does. */
  live: boolean;
  onOpenPanel: () => void;
  initialThreadId?: string | null;
  children: ReactNode;
}) {
  const [list, setList] = useState<CommentList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [activeId, setActive] = useState<string | null>(initialThreadId ?? null);
  const [draft, setDraft] = useState<CommentDraft | null>(null);
  const [editor, setEditor] = useState<CommentsEditorHandle | null>(null);
  const generation = useRef(0);
  const openPanel = useRef(onOpenPanel);
  openPanel.current = onOpenPanel;

  const refresh = useCallback(() => {
    const mine = ++generation.current;
    commentsApi.list(documentId).then(
      (next) => {
        // An older answer arriving after a newer one is dropped.
        if (mine !== generation.current) return;
        setList(next);
        setError(null);
      },
      (e: unknown) => {
        if (mine === generation.current) setError(e instanceof Error ? e.message : "The comments could not be loaded.");
      },
    );
  }, [documentId]);

  useEffect(() => {
    refresh();
    const onFocus = () => refresh();
    window.addEventListener("focus", onFocus);
    const stopFollowing = live ? undefined : followCommentChanges(documentId, refresh);
    return () => {
      window.removeEventListener("focus", onFocus);
      stopFollowing?.();
    };
  }, [refresh, live, documentId]);

  useEffect(() => {
    editor?.showThreads(list?.threads ?? [], activeId);
  }, [editor, list, activeId]);

  const value = useMemo<CommentsState>(
    () => ({
      documentId,
      list,
      error,
      refresh,
      activeId,
      setActive,
      draft,
      setDraft,
      editor,
      registerEditor: setEditor,
      startComment() {
        const selection = editor?.selectionForComment() ?? readerSelection();
        if (!selection) return false;
        setDraft(selection);
        setActive(null);
        openPanel.current();
        return true;
      },
      focusThread(id) {
        setActive(id);
        openPanel.current();
        requestAnimationFrame(() => document.getElementById(`comment-thread-${id}`)?.scrollIntoView({ block: "nearest" }));
      },
    }),
    [documentId, list, error, refresh, activeId, draft, editor],
  );
  return <CommentsContext.Provider value={value}>{children}</CommentsContext.Provider>;
}

/** Readers of the published version: the selected words in the document's text (found in the draft by the server). */
function readerSelection(): CommentDraft | null {
  const selection = window.getSelection();
  const text = selection?.toString().trim();
  if (!selection || !text || selection.rangeCount === 0) return null;
  const within = document.querySelector(".document-content");
  if (!within?.contains(selection.getRangeAt(0).commonAncestorContainer)) return null;
  return { quote: text };
}

export function useComments(): CommentsState {
  const state = useContext(CommentsContext);
  if (!state) throw new Error("useComments needs a CommentsProvider");
  return state;
}

/** The editor's side: null outside a document page (the editor works without comments). */
export const useOptionalComments = () => useContext(CommentsContext);
