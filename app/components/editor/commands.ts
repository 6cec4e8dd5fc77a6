import type { Editor } from "@tiptap/core";
import { newClauseId } from "~/editor/extensions";

export const NEW_CLAUSE_NAME = "New clause position";

function findClause(editor: Editor, clauseId: string): number {
  let found = -1;
  editor.state.doc.descendants((node, pos) => {
    if (found >= 0) return false;
    if (node.type.name === "clausePosition" && node.attrs.clauseId === clauseId) {
      found = pos;
      return false;
    }
    return true;
  });
  return found;
}

/**
 * Insert a clause position (preferred, one fallback, red line, rationale) and put the cursor in
 * its name field with the placeholder name selected, so typing names it.
 */
export function insertClausePositionAndName(editor: Editor): boolean {
  const clauseId = newClauseId();
  if (!editor.chain().focus().insertClausePosition({ clauseId, name: NEW_CLAUSE_NAME }).run()) return false;
  const pos = findClause(editor, clauseId);
  let tries = 0;
  const focusName = () => {
    const dom = pos >= 0 ? (editor.view.nodeDOM(pos) as HTMLElement | null) : null;
    const input = dom?.querySelector<HTMLInputElement>('input[name="clause-name"]');
    if (input) {
      input.focus();
      input.select();
    } else if (tries++ < 10) requestAnimationFrame(focusName);
  };
  requestAnimationFrame(focusName);
  return true;
}

/** Accepts "example.com", "https://…", "http://…" and "mailto:…"; anything else is refused (null). */
export function normalizeLinkHref(input: string): string | null {
  const value = input.trim();
  if (!value) return null;
  if (/^mailto:[^\s]+@[^\s]+$/i.test(value)) return value;
  const candidate = /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value}`;
  try {
    const url = new URL(candidate);
    return url.protocol === "http:" || url.protocol === "https:" ? url.toString() : null;
  } catch {
    return null;
  }
}

export function applyLink(editor: Editor, href: string | null) {
  const chain = editor.chain().focus().extendMarkRange("link");
  if (!href) {
    chain.unsetLink().run();
    return;
  }
  if (editor.state.selection.empty && !editor.isActive("link")) {
    chain.insertContent({ type: "text", text: href, marks: [{ type: "link", attrs: { href } }] }).run();
    return;
  }
  chain.setLink({ href }).run();
}
