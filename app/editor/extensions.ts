/**
 * The document schema: every Tiptap extension that defines what a Precedent document may
 * contain. Isomorphic — nothing here touches the DOM at import time, so the server imports
 * it to build the ProseMirror schema (see ./schema.ts) and to parse/serialise Markdown.
 *
 * Node names and attributes are stored in documents; see docs/design/library-and-collab.md.
 */
import type { AnyExtension, NodeViewRenderer } from "@tiptap/core";
import StarterKit from "@tiptap/starter-kit";
import { Code } from "@tiptap/extension-code";
import { Table, TableCell, TableHeader, TableRow } from "@tiptap/extension-table";
import { Callout } from "./callout";
import { OrderedList } from "./ordered-list";
import { TaskItem, TaskList } from "./task-list";
import { ClausePart, ClausePosition, ClauseWording } from "./clause-position";
import { TemplateVariable } from "./template-variable";
import { Deletion, FormatChange, Insertion } from "./suggestion-marks";
import { BlockChange } from "./block-change";

export type CustomNodeName = "callout" | "clausePosition" | "clausePart" | "clauseWording" | "templateVariable";

export type DocumentExtensionsOptions = {
  /** Node views for the browser editor. They change rendering only, never the schema. */
  nodeViews?: Partial<Record<CustomNodeName, NodeViewRenderer>>;
};

function withNodeView<T extends AnyExtension>(extension: T, view: NodeViewRenderer | undefined): T {
  if (!view) return extension;
  return (extension as unknown as typeof ClausePosition).extend({ addNodeView: () => view }) as unknown as T;
}

export function documentExtensions(options: DocumentExtensionsOptions = {}): AnyExtension[] {
  const views = options.nodeViews ?? {};
  return [
    StarterKit.configure({
      // Collaboration brings its own undo manager (Yjs), which cannot live beside ProseMirror history.
      undoRedo: false,
      // It appends a paragraph on the first transaction after load: every client opening a document
      // that ends in a table would write one (read-only viewers too). Gap cursor covers the need.
      trailingNode: false,
      heading: { levels: [1, 2, 3, 4] },
      code: false,
      // ./ordered-list.ts: the same node, read from Markdown right when lists nest across kinds.
      orderedList: false,
      link: {
        openOnClick: false,
        autolink: true,
        defaultProtocol: "https",
        protocols: ["http", "https", "mailto"],
        HTMLAttributes: { rel: "noopener noreferrer nofollow", target: null },
      },
    }),
    // Inline code excludes every other formatting mark, as before, but not the suggestion marks:
    // text in code can be suggested, deleted or reformatted as a suggestion (ADR 032).
    Code.extend({ excludes: "bold italic strike underline link code" }),
    OrderedList,
    TaskList,
    TaskItem,
    Table.configure({ resizable: false }),
    TableRow,
    TableHeader,
    TableCell,
    withNodeView(Callout, views.callout),
    withNodeView(ClausePosition, views.clausePosition),
    withNodeView(ClausePart, views.clausePart),
    withNodeView(ClauseWording, views.clauseWording),
    withNodeView(TemplateVariable, views.templateVariable),
    Insertion,
    Deletion,
    FormatChange,
    BlockChange,
  ];
}

export { Callout, CALLOUT_LABEL, CALLOUT_TONES, type CalloutTone } from "./callout";
export {
  ClausePosition,
  ClausePart,
  ClauseWording,
  CLAUSE_PART_ROLES,
  CLAUSE_PART_LABEL,
  CLAUSE_WORDING_LABEL,
  OPTIONAL_CLAUSE_PART_ROLES,
  newClausePositionJson,
  newClausePartJson,
  hasClausePartApprover,
  isOptionalClausePart,
  mayHoldClauseWording,
  perspectivesOf,
  toClausePartRole,
  clauseSourceOf,
  EMPTY_CLAUSE_SOURCE,
  type ClausePartRole,
  type ClausePositionAttrs,
  type ClauseSourceAttrs,
} from "./clause-position";
export { TemplateVariable, TEMPLATE_VARIABLE_NAME, type TemplateVariableAttrs } from "./template-variable";
export { newClauseId } from "./ids";
