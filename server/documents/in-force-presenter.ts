import type { InForceAnswer } from "./in-force-reader.ts";

/**
 * The in-force answer as it leaves the server: fields listed, never spread. Who published it and
 * why it was back-dated are the provider's business; the text only where the reader may read it.
 */
export function presentInForce(answer: InForceAnswer) {
  const v = answer.version;
  return {
    documentId: answer.document.id,
    at: answer.day.toISOString().slice(0, 10),
    inForce: v
      ? {
          versionId: v.id,
          number: v.number,
          effectiveAt: v.effectiveAt.toISOString(),
          publishedAt: v.createdAt.toISOString(),
          ...(answer.staff ? { publishedBy: v.createdBy ? { id: v.createdBy.id, name: v.createdBy.name } : null, backdateReason: v.backdateReason } : {}),
          content: v.contentJson !== undefined ? { json: v.contentJson, text: v.contentText ?? "" } : null,
        }
      : null,
  };
}
export type PresentedInForce = ReturnType<typeof presentInForce>;
