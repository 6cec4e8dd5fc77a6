/**
 * Other people's carets and selections, in their colour, from Yjs awareness
 * (`user: { name, color }`). Uses y-tiptap's cursor plugin: @tiptap/extension-collaboration-caret
 * cannot be installed beside Tiptap 3.34.
 */
import { Extension } from "@tiptap/core";
import { yCursorPlugin } from "@tiptap/y-tiptap";
import type { Awareness } from "y-protocols/awareness";
import { safeColor } from "./user-color";

type AwarenessUser = { id?: unknown; name?: unknown; color?: unknown };

function describe(user: AwarenessUser, clientId: number) {
  const id = typeof user.id === "string" ? user.id : `client-${clientId}`;
  return { name: typeof user.name === "string" && user.name ? user.name : "Someone", color: safeColor(user.color, id) };
}

export function buildCaret(user: AwarenessUser, clientId: number): HTMLElement {
  const { name, color } = describe(user, clientId);
  const caret = document.createElement("span");
  caret.className = "remote-caret";
  caret.style.borderColor = color;
  caret.setAttribute("aria-hidden", "true");
  const label = document.createElement("span");
  label.className = "remote-caret__label";
  label.style.backgroundColor = color;
  label.textContent = name;
  // Zero-width joiners keep the caret from breaking words apart (as y-prosemirror does).
  caret.append(document.createTextNode("\u2060"), label, document.createTextNode("\u2060"));
  return caret;
}

export function buildSelection(user: AwarenessUser, clientId: number) {
  const { color } = describe(user, clientId);
  return { class: "remote-selection", style: `background-color: ${color}33` };
}

export const RemoteCursors = Extension.create<{ awareness: Awareness | null }>({
  name: "remoteCursors",

  addOptions() {
    return { awareness: null };
  },

  addProseMirrorPlugins() {
    if (!this.options.awareness) return [];
    return [yCursorPlugin(this.options.awareness, { cursorBuilder: buildCaret, selectionBuilder: buildSelection })];
  },
});
