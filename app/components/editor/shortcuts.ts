/**
 * The editor's keyboard shortcuts (Tiptap's notation), for the toolbar's hints and the
 * shortcut sheet ("?"); the keys themselves are StarterKit's and ours (editor-client.tsx).
 */
export const EDITOR_SHORTCUTS = [
  { label: "Undo", keys: "Mod-z" },
  { label: "Redo", keys: "Mod-Shift-z" },
  { label: "Bold", keys: "Mod-b" },
  { label: "Italic", keys: "Mod-i" },
  { label: "Link", keys: "Mod-k" },
  { label: "Heading 1", keys: "Mod-Alt-1" },
  { label: "Heading 2", keys: "Mod-Alt-2" },
  { label: "Heading 3", keys: "Mod-Alt-3" },
  { label: "Bullet list", keys: "Mod-Shift-8" },
  { label: "Numbered list", keys: "Mod-Shift-7" },
  { label: "Checklist", keys: "Mod-Shift-9" },
  { label: "Insert clause position", keys: "Mod-Alt-c" },
  { label: "Insert clause from library", keys: "Mod-Alt-l" },
  // Google Docs' key for its Suggesting mode: lawyers coming from Docs already know it.
  { label: "Suggesting", keys: "Mod-Alt-Shift-x" },
  // As in Google Docs.
  { label: "Comment", keys: "Mod-Alt-m" },
  { label: "Start of the document", keys: "Mod-Home" },
  { label: "End of the document", keys: "Mod-End" },
] as const;

export type EditorShortcutLabel = (typeof EDITOR_SHORTCUTS)[number]["label"];

/** The keys of one of them, by its label (which is also its toolbar button's). */
export const editorShortcut = (label: EditorShortcutLabel) => EDITOR_SHORTCUTS.find((s) => s.label === label)!.keys;
