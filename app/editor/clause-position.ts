import { Node, mergeAttributes, type JSONContent } from "@tiptap/core";
import type { Node as PMNode } from "@tiptap/pm/model";
import { newClauseId } from "./ids";
import { containerTokenizer, parseContainerChildren, renderContainer, serializeMarkdownAttrs, tokenAttr } from "./markdown-container";

export const CLAUSE_PART_ROLES = ["preferred", "fallback", "redline", "rationale"] as const;
export type ClausePartRole = (typeof CLAUSE_PART_ROLES)[number];

export function toClausePartRole(value: unknown): ClausePartRole {
  return CLAUSE_PART_ROLES.find((role) => role === value) ?? "preferred";
}

/**
 * Where a clause inserted from the library came from (ADR 033): the source document, the
 * published version its text was copied from, and the clause's anchor in that document
 * (`clause-<clauseId>` for a clause position, the heading's anchor for a precedent's section).
 * All empty for a clause written here.
 */
export type ClauseSourceAttrs = { sourceDocumentId: string; sourceVersionId: string; sourceClause: string };
export const EMPTY_CLAUSE_SOURCE: ClauseSourceAttrs = { sourceDocumentId: "", sourceVersionId: "", sourceClause: "" };

export type ClausePositionAttrs = { clauseId: string; name: string; escalateTo: string } & ClauseSourceAttrs;

/** The clause's source, when it came from the library and names all three parts; null otherwise. */
export function clauseSourceOf(attrs: Record<string, unknown> | null | undefined): ClauseSourceAttrs | null {
  const source = {
    sourceDocumentId: String(attrs?.sourceDocumentId ?? ""),
    sourceVersionId: String(attrs?.sourceVersionId ?? ""),
    sourceClause: String(attrs?.sourceClause ?? ""),
  };
  return source.sourceDocumentId && source.sourceVersionId && source.sourceClause ? source : null;
}

/** HTML data attribute and Markdown key of each source attribute. */
const SOURCE_ATTRS = [
  { attr: "sourceDocumentId", html: "data-source-document", markdown: "sourceDocument" },
  { attr: "sourceVersionId", html: "data-source-version", markdown: "sourceVersion" },
  { attr: "sourceClause", html: "data-source-clause", markdown: "sourceClause" },
] as const;

/** JSON for a new clause position: preferred, one fallback, red line and rationale, each an empty paragraph. */
export function newClausePositionJson(attrs: Partial<ClausePositionAttrs> = {}): JSONContent {
  return {
    type: "clausePosition",
    attrs: {
      clauseId: attrs.clauseId || newClauseId(),
      name: attrs.name ?? "",
      escalateTo: attrs.escalateTo ?? "",
      sourceDocumentId: attrs.sourceDocumentId ?? "",
      sourceVersionId: attrs.sourceVersionId ?? "",
      sourceClause: attrs.sourceClause ?? "",
    },
    content: CLAUSE_PART_ROLES.map((role) => newClausePartJson(role)),
  };
}

export function newClausePartJson(role: ClausePartRole): JSONContent {
  return { type: "clausePart", attrs: { role }, content: [{ type: "paragraph" }] };
}

/** Position (inside the clause) at which a new fallback goes: after the last fallback, else after the preferred part. */
function fallbackInsertOffset(clause: PMNode): number {
  let offset = 0;
  let insertAt = -1;
  let afterPreferred = -1;
  clause.forEach((part) => {
    offset += part.nodeSize;
    if (part.attrs.role === "fallback") insertAt = offset;
    if (part.attrs.role === "preferred" && afterPreferred < 0) afterPreferred = offset;
  });
  if (insertAt >= 0) return insertAt;
  if (afterPreferred >= 0) return afterPreferred;
  return 0;
}

declare module "@tiptap/core" {
  interface Commands<ReturnType> {
    clausePosition: {
      /** Insert a clause position (preferred, one fallback, red line, rationale) at the selection. */
      insertClausePosition: (attrs?: Partial<ClausePositionAttrs>) => ReturnType;
      /** Set attributes of the clause position at `pos` (the position before the node). */
      updateClausePosition: (pos: number, attrs: Partial<Omit<ClausePositionAttrs, "clauseId">>) => ReturnType;
      /**
       * Replace the clause position at `pos` with `clause` (JSON of a clause position), keeping
       * the clause's own id, so its anchor and the links to it still work.
       */
      replaceClausePosition: (pos: number, clause: JSONContent) => ReturnType;
      /** Add an empty fallback part to the clause position at `pos`, after the existing fallbacks. */
      addClauseFallback: (pos: number) => ReturnType;
      /** Remove the clause part at `pos` if it is a fallback (the other roles stay). */
      removeClauseFallback: (pos: number) => ReturnType;
    };
  }
}

/**
 * `clausePosition` block, attrs `{ clauseId, name, escalateTo }` and, for a clause from the
 * library, `{ sourceDocumentId, sourceVersionId, sourceClause }`; content `clausePart+`.
 * HTML: `<section data-clause-position data-clause-id="…" data-name="…" data-escalate-to="…">`,
 * plus `data-source-document`, `data-source-version`, `data-source-clause` when set.
 * Markdown: `:::clause {id="…" name="…" escalateTo="…"}` … `:::` around its parts; a clause
 * from the library adds `sourceDocument="…" sourceVersion="…" sourceClause="…"`. Empty
 * attributes are never written, so a document without library clauses reads as it always did.
 */
export const ClausePosition = Node.create({
  name: "clausePosition",
  group: "block",
  content: "clausePart+",
  defining: true,
  isolating: true,

  addAttributes() {
    return {
      clauseId: {
        default: "",
        parseHTML: (element) => element.getAttribute("data-clause-id") || newClauseId(),
        renderHTML: (attributes) => ({ "data-clause-id": String(attributes.clauseId ?? "") }),
      },
      name: {
        default: "",
        parseHTML: (element) => element.getAttribute("data-name") ?? "",
        renderHTML: (attributes) => ({ "data-name": String(attributes.name ?? "") }),
      },
      escalateTo: {
        default: "",
        parseHTML: (element) => element.getAttribute("data-escalate-to") ?? "",
        renderHTML: (attributes) => ({ "data-escalate-to": String(attributes.escalateTo ?? "") }),
      },
      ...Object.fromEntries(
        SOURCE_ATTRS.map(({ attr, html }) => [
          attr,
          {
            default: "",
            parseHTML: (element: HTMLElement) => element.getAttribute(html) ?? "",
            renderHTML: (attributes: Record<string, unknown>) => (attributes[attr] ? { [html]: String(attributes[attr]) } : {}),
          },
        ]),
      ),
    };
  },

  parseHTML() {
    return [{ tag: "section[data-clause-position]" }];
  },

  renderHTML({ HTMLAttributes }) {
    return ["section", mergeAttributes({ "data-clause-position": "" }, HTMLAttributes), 0];
  },

  addCommands() {
    return {
      insertClausePosition:
        (attrs) =>
        ({ commands }) =>
          commands.insertContent(newClausePositionJson(attrs)),
      updateClausePosition:
        (pos, attrs) =>
        ({ tr, dispatch }) => {
          const node = tr.doc.nodeAt(pos);
          if (node?.type.name !== this.name) return false;
          if (dispatch) {
            for (const [key, value] of Object.entries(attrs)) {
              if (value !== undefined) tr.setNodeAttribute(pos, key, value);
            }
          }
          return true;
        },
      replaceClausePosition:
        (pos, clause) =>
        ({ tr, dispatch, state }) => {
          const current = tr.doc.nodeAt(pos);
          if (current?.type.name !== this.name) return false;
          const next = state.schema.nodeFromJSON({ ...clause, attrs: { ...clause.attrs, clauseId: current.attrs.clauseId } });
          if (next.type.name !== this.name) return false;
          if (dispatch) tr.replaceWith(pos, pos + current.nodeSize, next);
          return true;
        },
      addClauseFallback:
        (pos) =>
        ({ tr, dispatch, state }) => {
          const clause = tr.doc.nodeAt(pos);
          if (clause?.type.name !== this.name) return false;
          if (dispatch) {
            const part = state.schema.nodeFromJSON(newClausePartJson("fallback"));
            tr.insert(pos + 1 + fallbackInsertOffset(clause), part);
          }
          return true;
        },
      removeClauseFallback:
        (pos) =>
        ({ tr, dispatch }) => {
          const part = tr.doc.nodeAt(pos);
          if (part?.type.name !== "clausePart" || part.attrs.role !== "fallback") return false;
          if (dispatch) tr.delete(pos, pos + part.nodeSize);
          return true;
        },
    };
  },

  addKeyboardShortcuts() {
    return { "Mod-Alt-c": () => this.editor.commands.insertClausePosition() };
  },

  markdownTokenizer: containerTokenizer("clausePosition", ["clause"]),
  parseMarkdown: (token, h) => {
    const parts = parseContainerChildren(token, h).filter((child) => child.type === "clausePart");
    return h.createNode(
      "clausePosition",
      {
        clauseId: tokenAttr(token, "id") || newClauseId(),
        name: tokenAttr(token, "name") ?? "",
        escalateTo: tokenAttr(token, "escalateTo") ?? "",
        ...Object.fromEntries(SOURCE_ATTRS.map(({ attr, markdown }) => [attr, tokenAttr(token, markdown) ?? ""])),
      },
      parts.length > 0 ? parts : [newClausePartJson("preferred")],
    );
  },
  renderMarkdown: (node, h) =>
    renderContainer(
      "clause",
      serializeMarkdownAttrs({
        id: node.attrs?.clauseId,
        name: node.attrs?.name,
        escalateTo: node.attrs?.escalateTo,
        ...Object.fromEntries(SOURCE_ATTRS.map(({ attr, markdown }) => [markdown, node.attrs?.[attr]])),
      }),
      h.renderChildren(node.content ?? [], "\n\n"),
    ),
});

/**
 * `clausePart` block (only inside a clause position), attrs `{ role }`, content `block+`.
 * HTML: `<div data-clause-part="fallback">`. Markdown: `:::preferred` / `:::fallback` / `:::redline` / `:::rationale`.
 */
export const ClausePart = Node.create({
  name: "clausePart",
  content: "block+",
  defining: true,
  isolating: true,

  addAttributes() {
    return {
      role: {
        default: "preferred",
        parseHTML: (element) => toClausePartRole(element.getAttribute("data-clause-part")),
        renderHTML: (attributes) => ({ "data-clause-part": toClausePartRole(attributes.role) }),
      },
    };
  },

  parseHTML() {
    return [{ tag: "div[data-clause-part]" }];
  },

  renderHTML({ HTMLAttributes }) {
    return ["div", HTMLAttributes, 0];
  },

  markdownTokenizer: containerTokenizer("clausePart", CLAUSE_PART_ROLES),
  parseMarkdown: (token, h) => h.createNode("clausePart", { role: toClausePartRole(token.directive) }, parseContainerChildren(token, h)),
  renderMarkdown: (node, h) => renderContainer(toClausePartRole(node.attrs?.role), "", h.renderChildren(node.content ?? [], "\n\n")),
});
