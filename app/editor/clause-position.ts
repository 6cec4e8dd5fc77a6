import { Node, mergeAttributes, type JSONContent } from "@tiptap/core";
import type { Node as PMNode } from "@tiptap/pm/model";
import { newClauseId } from "./ids";
import { containerTokenizer, parseContainerChildren, renderContainer, serializeMarkdownAttrs, tokenAttr } from "./markdown-container";

/**
 * A part's roles in the order a clause reads them (ADR 035): the grey zone (worse than the last
 * fallback, short of the red line) sits between them; the counterparty explanation (pushback) and
 * where the issue hides in the other side's paper (spotting) come after the rationale.
 */
export const CLAUSE_PART_ROLES = ["preferred", "fallback", "greyzone", "redline", "rationale", "pushback", "spotting"] as const;
export type ClausePartRole = (typeof CLAUSE_PART_ROLES)[number];

/** What each part is called, on the card, to readers and in print and Word (a fallback is numbered where it shows). */
export const CLAUSE_PART_LABEL: Record<ClausePartRole, string> = {
  preferred: "Preferred position",
  fallback: "Fallback",
  greyzone: "Grey zone",
  redline: "Red line",
  rationale: "Rationale",
  pushback: "Pushback",
  spotting: "Spotting the issue",
};

/** A label per part, in order; fallbacks are numbered when there are several ("Fallback 1", "Fallback 2"). */
export function clausePartLabels(parts: JSONContent[]): string[] {
  const fallbacks = parts.filter((part) => toClausePartRole(part.attrs?.role) === "fallback").length;
  let fallback = 0;
  return parts.map((part) => {
    const role = toClausePartRole(part.attrs?.role);
    if (role !== "fallback" || fallbacks < 2) return CLAUSE_PART_LABEL[role];
    fallback += 1;
    return `${CLAUSE_PART_LABEL.fallback} ${fallback}`;
  });
}

/** Model wording's label, wherever it shows. */
export const CLAUSE_WORDING_LABEL = "Model wording";

/** The parts a new clause starts with; the others are added from the card. */
export const NEW_CLAUSE_PART_ROLES = ["preferred", "fallback", "redline", "rationale"] as const satisfies readonly ClausePartRole[];

/** Parts a clause may have or not: the card adds and removes them (preferred, red line and rationale always stay). */
export const OPTIONAL_CLAUSE_PART_ROLES = ["fallback", "greyzone", "pushback", "spotting"] as const satisfies readonly ClausePartRole[];

/** Parts that name who may approve them: fallbacks, the grey zone and the red line. */
export const APPROVED_CLAUSE_PART_ROLES = ["fallback", "greyzone", "redline"] as const satisfies readonly ClausePartRole[];

/** Parts that may hold model wording (a `clauseWording` after their description). */
export const WORDED_CLAUSE_PART_ROLES = ["preferred", "fallback"] as const satisfies readonly ClausePartRole[];

export const isOptionalClausePart = (role: string) => OPTIONAL_CLAUSE_PART_ROLES.some((r) => r === role);
export const hasClausePartApprover = (role: string) => APPROVED_CLAUSE_PART_ROLES.some((r) => r === role);
export const mayHoldClauseWording = (role: string) => WORDED_CLAUSE_PART_ROLES.some((r) => r === role);

export const isClausePartRole = (value: unknown): value is ClausePartRole => CLAUSE_PART_ROLES.some((role) => role === value);

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

/**
 * `perspective`: who the clause is written for ("recipient", "supplier"…; "" = any); a playbook
 * may hold one clause set per perspective. `required`: the clause must be in the deal.
 */
export type ClausePositionAttrs = { clauseId: string; name: string; escalateTo: string; perspective: string; required: boolean } & ClauseSourceAttrs;

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
      perspective: attrs.perspective ?? "",
      required: attrs.required ?? false,
      sourceDocumentId: attrs.sourceDocumentId ?? "",
      sourceVersionId: attrs.sourceVersionId ?? "",
      sourceClause: attrs.sourceClause ?? "",
    },
    content: NEW_CLAUSE_PART_ROLES.map((role) => newClausePartJson(role)),
  };
}

export function newClausePartJson(role: ClausePartRole): JSONContent {
  return { type: "clausePart", attrs: { role, approver: "" }, content: [{ type: "paragraph" }] };
}

export function newClauseWordingJson(): JSONContent {
  return { type: "clauseWording", content: [{ type: "paragraph" }] };
}

const roleRank = (role: unknown) => CLAUSE_PART_ROLES.indexOf(toClausePartRole(role));

/**
 * Position (inside the clause) at which a new part of `role` goes, keeping the reading order:
 * after the last part that reads before or with it (a new fallback after the last fallback).
 */
function partInsertOffset(clause: PMNode, role: ClausePartRole): number {
  let offset = 0;
  let insertAt = 0;
  clause.forEach((part) => {
    offset += part.nodeSize;
    if (roleRank(part.attrs.role) <= roleRank(role)) insertAt = offset;
  });
  return insertAt;
}

/** Whether a clause written from `clausePerspective` shows to a reader who chose `chosen` ("" = all): a clause for any perspective always does. */
export function showsForPerspective(clausePerspective: unknown, chosen: string): boolean {
  const own = String(clausePerspective ?? "").trim();
  return !chosen || !own || own === chosen;
}

/** A document's distinct non-empty clause perspectives, in the order they first appear ("" = any is not one). */
export function perspectivesOf(doc: JSONContent | PMNode): string[] {
  const found = new Set<string>();
  const add = (value: unknown) => {
    const perspective = String(value ?? "").trim();
    if (perspective) found.add(perspective);
  };
  if ("descendants" in doc && typeof doc.descendants === "function") {
    // The editor's own document, on every change: walk it without copying it to JSON.
    (doc as PMNode).descendants((node) => {
      if (node.type.name !== "clausePosition") return true;
      add(node.attrs.perspective);
      return false;
    });
    return [...found];
  }
  const visit = (node: JSONContent) => {
    if (node.type === "clausePosition") add(node.attrs?.perspective);
    else for (const child of node.content ?? []) visit(child);
  };
  visit(doc as JSONContent);
  return [...found];
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
      /** Add an empty part of `role` to the clause position at `pos`, where that role reads (fallbacks after the last fallback). */
      addClausePart: (pos: number, role: ClausePartRole) => ReturnType;
      /** Remove the clause part at `pos` if it is optional (a fallback, grey zone, pushback or spotting; the others stay). */
      removeClausePart: (pos: number) => ReturnType;
      /** Add empty model wording to the preferred or fallback part at `pos`, unless it has some. */
      addClauseWording: (pos: number) => ReturnType;
      /** Remove the model wording at `pos`. */
      removeClauseWording: (pos: number) => ReturnType;
    };
  }
}

/**
 * `clausePosition` block, attrs `{ clauseId, name, escalateTo, perspective, required }` and, for
 * a clause from the library, `{ sourceDocumentId, sourceVersionId, sourceClause }`; content
 * `clausePart+`. HTML: `<section data-clause-position data-clause-id="…" data-name="…"
 * data-escalate-to="…">`, plus `data-perspective`, `data-required`, `data-source-document`,
 * `data-source-version`, `data-source-clause` when set. Markdown: `:::clause {id="…" name="…"
 * escalateTo="…" perspective="recipient" required}` … `:::` around its parts; a clause from the
 * library adds `sourceDocument="…" sourceVersion="…" sourceClause="…"`. Empty attributes (and
 * `required` when false) are never written, so a version 1 clause reads and writes as it always
 * did (ADR 035).
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
      perspective: {
        default: "",
        parseHTML: (element) => element.getAttribute("data-perspective") ?? "",
        renderHTML: (attributes) => (attributes.perspective ? { "data-perspective": String(attributes.perspective) } : {}),
      },
      required: {
        default: false,
        parseHTML: (element) => element.getAttribute("data-required") !== null,
        renderHTML: (attributes) => (attributes.required === true ? { "data-required": "" } : {}),
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
      addClausePart:
        (pos, role) =>
        ({ tr, dispatch, state }) => {
          const clause = tr.doc.nodeAt(pos);
          if (clause?.type.name !== this.name || !isOptionalClausePart(role)) return false;
          // One grey zone, one pushback, one spotting note per clause; fallbacks as many as needed.
          let present = false;
          clause.forEach((part) => (present ||= part.attrs.role === role));
          if (present && role !== "fallback") return false;
          if (dispatch) tr.insert(pos + 1 + partInsertOffset(clause, role), state.schema.nodeFromJSON(newClausePartJson(role)));
          return true;
        },
      removeClausePart:
        (pos) =>
        ({ tr, dispatch }) => {
          const part = tr.doc.nodeAt(pos);
          if (part?.type.name !== "clausePart" || !isOptionalClausePart(String(part.attrs.role))) return false;
          if (dispatch) tr.delete(pos, pos + part.nodeSize);
          return true;
        },
      addClauseWording:
        (pos) =>
        ({ tr, dispatch, state }) => {
          const part = tr.doc.nodeAt(pos);
          if (part?.type.name !== "clausePart" || !mayHoldClauseWording(String(part.attrs.role))) return false;
          if (part.lastChild?.type.name === "clauseWording") return false;
          if (dispatch) tr.insert(pos + part.nodeSize - 1, state.schema.nodeFromJSON(newClauseWordingJson()));
          return true;
        },
      removeClauseWording:
        (pos) =>
        ({ tr, dispatch }) => {
          const wording = tr.doc.nodeAt(pos);
          if (wording?.type.name !== "clauseWording") return false;
          if (dispatch) tr.delete(pos, pos + wording.nodeSize);
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
        perspective: tokenAttr(token, "perspective") ?? "",
        required: (token.attrs as Record<string, unknown> | undefined)?.required === true,
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
        perspective: node.attrs?.perspective,
        required: node.attrs?.required === true,
        ...Object.fromEntries(SOURCE_ATTRS.map(({ attr, markdown }) => [markdown, node.attrs?.[attr]])),
      }),
      h.renderChildren(node.content ?? [], "\n\n"),
    ),
});

/**
 * `clausePart` block (only inside a clause position), attrs `{ role, approver }`, content
 * `block+ clauseWording?`: the part's description, then (preferred and fallbacks) its model
 * wording. HTML: `<div data-clause-part="fallback" data-approver="…">`. Markdown:
 * `:::preferred` / `:::fallback {approver="…"}` / `:::greyzone` / `:::redline` / `:::rationale`
 * / `:::pushback` / `:::spotting`; the approver only when set.
 */
export const ClausePart = Node.create({
  name: "clausePart",
  content: "block+ clauseWording?",
  defining: true,
  isolating: true,

  addAttributes() {
    return {
      role: {
        default: "preferred",
        parseHTML: (element) => toClausePartRole(element.getAttribute("data-clause-part")),
        renderHTML: (attributes) => ({ "data-clause-part": toClausePartRole(attributes.role) }),
      },
      approver: {
        default: "",
        parseHTML: (element) => element.getAttribute("data-approver") ?? "",
        renderHTML: (attributes) => (attributes.approver ? { "data-approver": String(attributes.approver) } : {}),
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
  parseMarkdown: (token, h) => {
    // The wording reads after the description whatever order the file has it in; one per part.
    const children = parseContainerChildren(token, h);
    const description = children.filter((child) => child.type !== "clauseWording");
    const wording = children.find((child) => child.type === "clauseWording");
    return h.createNode(
      "clausePart",
      { role: toClausePartRole(token.directive), approver: tokenAttr(token, "approver") ?? "" },
      [...(description.length > 0 ? description : [{ type: "paragraph" }]), ...(wording ? [wording] : [])],
    );
  },
  renderMarkdown: (node, h) =>
    renderContainer(toClausePartRole(node.attrs?.role), serializeMarkdownAttrs({ approver: node.attrs?.approver }), h.renderChildren(node.content ?? [], "\n\n")),
});

/**
 * `clauseWording` block (only last in a clause part): model wording, real clause text that can
 * be inserted into a deal, as distinct from the part's description. Content `block+`.
 * HTML: `<div data-clause-wording>`. Markdown: `:::wording` … `:::` nested in the part.
 */
export const ClauseWording = Node.create({
  name: "clauseWording",
  content: "block+",
  defining: true,
  isolating: true,

  parseHTML() {
    return [{ tag: "div[data-clause-wording]" }];
  },

  renderHTML({ HTMLAttributes }) {
    return ["div", mergeAttributes({ "data-clause-wording": "" }, HTMLAttributes), 0];
  },

  markdownTokenizer: containerTokenizer("clauseWording", ["wording"]),
  parseMarkdown: (token, h) => h.createNode("clauseWording", {}, parseContainerChildren(token, h)),
  renderMarkdown: (node, h) => renderContainer("wording", "", h.renderChildren(node.content ?? [], "\n\n")),
});
