import { Extension } from "@tiptap/core";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import type { SuggestionAttrs } from "./suggestion-marks";

/**
 * A block type change as a suggestion (ADR 032): a paragraph made a heading, a heading's level
 * changed, a heading made a paragraph. The block shows its new type; `blockChange` on it
 * records who changed it and the type it had, restored on reject. A node attribute, not a mark:
 * a mark sits on text, and an empty block has none. Never written to Markdown (the heading's
 * Markdown is its level only), and the published text is without it (rejected).
 */
export type BlockType = { type: "paragraph" } | { type: "heading"; level: number };

export type BlockChangeAttrs = SuggestionAttrs & { before: BlockType };

/** The block types whose changes are tracked. */
export const TRACKED_BLOCK_TYPES = ["paragraph", "heading"] as const;
export const isTrackedBlockType = (name: string) => (TRACKED_BLOCK_TYPES as readonly string[]).includes(name);

/** A block's type as recorded: paragraph, or heading with its level. */
export function blockTypeOf(node: ProseMirrorNode): BlockType | null {
  if (node.type.name === "paragraph") return { type: "paragraph" };
  if (node.type.name === "heading") return { type: "heading", level: Number(node.attrs.level) };
  return null;
}

export const sameBlockType = (a: BlockType, b: BlockType) => a.type === b.type && (a.type === "paragraph" || a.level === (b as { level: number }).level);

/** "Heading 2", "Paragraph". */
export const blockTypeLabel = (block: BlockType) => (block.type === "heading" ? `Heading ${block.level}` : "Paragraph");

/** The block change a node carries, if any. */
export function blockChangeOf(node: ProseMirrorNode): BlockChangeAttrs | null {
  return isTrackedBlockType(node.type.name) ? ((node.attrs.blockChange as BlockChangeAttrs | null) ?? null) : null;
}

/** "Heading 2 (was paragraph)". */
export const describeBlockChange = (now: BlockType, change: BlockChangeAttrs) => `${blockTypeLabel(now)} (was ${blockTypeLabel(change.before).toLowerCase()})`;

/** Only what a block change may hold: anything else read from HTML is dropped. */
function parseBlockChange(value: string | null): BlockChangeAttrs | null {
  if (!value) return null;
  try {
    const parsed = JSON.parse(value) as Partial<BlockChangeAttrs> | null;
    const before = parsed?.before;
    const validBefore =
      before?.type === "paragraph" ? { type: "paragraph" as const } : before?.type === "heading" && Number.isInteger(before.level) ? { type: "heading" as const, level: before.level } : null;
    if (!parsed || typeof parsed.id !== "string" || !validBefore) return null;
    return {
      id: parsed.id,
      authorId: typeof parsed.authorId === "string" ? parsed.authorId : null,
      authorName: typeof parsed.authorName === "string" ? parsed.authorName : "",
      createdAt: typeof parsed.createdAt === "string" ? parsed.createdAt : "",
      before: validBefore,
    };
  } catch {
    return null;
  }
}

/**
 * The `blockChange` attribute on paragraphs and headings, as `data-block-change` JSON (copy and
 * paste keeps it). `decorate` adds what the browser shows (the author's colour, a title).
 */
export function blockChangeExtension(decorate?: (change: BlockChangeAttrs, now: BlockType) => Record<string, string>) {
  return Extension.create({
    name: "blockChange",
    addGlobalAttributes: () => [
      {
        types: [...TRACKED_BLOCK_TYPES],
        attributes: {
          blockChange: {
            default: null,
            parseHTML: (element: HTMLElement) => parseBlockChange(element.getAttribute("data-block-change")),
            renderHTML: (attrs: Record<string, unknown>) => {
              const change = attrs.blockChange as BlockChangeAttrs | null;
              if (!change) return {};
              // Only a heading has a level among its attributes.
              const now: BlockType = attrs.level == null ? { type: "paragraph" } : { type: "heading", level: Number(attrs.level) };
              return { "data-block-change": JSON.stringify(change), class: "suggestion-block", ...decorate?.(change, now) };
            },
          },
        },
      },
    ],
  });
}

export const BlockChange = blockChangeExtension();

type NodeJson = { attrs?: Record<string, unknown>; content?: NodeJson[] };

/**
 * A node's JSON as the Y.Doc gives it back (which stores no null attribute): without
 * `blockChange: null` on every paragraph and heading, so JSON checked against the schema, JSON
 * without suggestions and JSON read from the Y.Doc stay equal, as they were before the attribute.
 */
export function documentNodeJson<T>(node: ProseMirrorNode): T {
  const strip = (json: NodeJson): NodeJson => {
    let result = json;
    if (result.attrs && "blockChange" in result.attrs && result.attrs.blockChange === null) {
      const { blockChange: _none, ...attrs } = result.attrs;
      const { attrs: _old, ...rest } = result;
      result = Object.keys(attrs).length ? { ...rest, attrs } : rest;
    }
    return result.content ? { ...result, content: result.content.map(strip) } : result;
  };
  return strip(node.toJSON() as NodeJson) as T;
}
