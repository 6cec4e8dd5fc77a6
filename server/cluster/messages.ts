import { z } from "zod";

/**
 * The bus's wire format: one JSON object per Redis message, binary payloads in base64. Small
 * and readable with `redis-cli subscribe`; a process checks every message it receives (a
 * message is input like any other) and drops what does not parse.
 */
const Id = z.string().min(1).max(200);
const Ids = z.array(Id).max(10_000).readonly().optional();
const Base64 = z.string().max(16 * 1024 * 1024).regex(/^[A-Za-z0-9+/]*={0,2}$/);

export const BusMessageSchema = z.discriminatedUnion("t", [
  z.object({ t: z.literal("update"), p: Id, d: Id, u: Base64 }),
  z.object({ t: z.literal("awareness"), p: Id, d: Id, u: Base64 }),
  z.object({ t: z.literal("awareness-query"), p: Id, d: Id }),
  // A comment thread of this visibility changed on document d (ADR 031): no content, only who may hear of it.
  z.object({ t: z.literal("comments"), p: Id, d: Id, v: z.enum(["INTERNAL", "CLIENT"]), c: Id.nullable() }),
  z.object({ t: z.literal("revoke"), p: Id, s: z.object({ userIds: Ids, documentIds: Ids, sessionIds: Ids, apiTokenIds: Ids }) }),
]);
export type BusMessage = z.infer<typeof BusMessageSchema>;

export const encodeBusMessage = (message: BusMessage): string => JSON.stringify(message);

/** The message, or null when it is not one of ours. */
export function decodeBusMessage(raw: string): BusMessage | null {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = BusMessageSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

export const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
export const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, "base64"));
