import { can } from "../auth/policy.ts";
import { loadViewers } from "../auth/viewer.ts";
import { COMMENT_MENTION_CANDIDATES_MAX } from "../config.ts";
import type { Db } from "../db/database.ts";
import { invalid } from "../errors.ts";
import { notifyOnce } from "../notifications/notify.ts";
import type { DocumentResource } from "./visibility.ts";

/**
 * @mentions (ADR 031): the provider's members who can read the document may be mentioned; a
 * mention puts a notification in their inbox and queues its mail (server/notifications), once
 * per comment and person.
 */
export type Mentionable = { id: string; name: string; email: string };

/** The provider's members (not clients) who may read the document now, by name; `ids` narrows to those. */
export async function mentionableMembers(db: Db, document: DocumentResource, options: { q?: string; ids?: string[] }): Promise<Mentionable[]> {
  const q = options.q?.trim();
  const members = await db.membership.findMany({
    where: {
      organizationId: document.organizationId,
      role: { not: "CLIENT" },
      ...(options.ids ? { userId: { in: options.ids } } : {}),
      ...(q ? { user: { OR: [{ name: { contains: q, mode: "insensitive" } }, { email: { contains: q, mode: "insensitive" } }] } } : {}),
    },
    select: { user: { select: { id: true, name: true, email: true } } },
    orderBy: { user: { name: "asc" } },
    // A few more than shown: some may not read this document (need-to-know, walls).
    take: options.ids ? undefined : COMMENT_MENTION_CANDIDATES_MAX * 4,
  });
  const viewers = await loadViewers(
    db,
    members.map((m) => m.user.id),
  );
  return members
    .map((m) => m.user)
    .filter((user) => can(viewers.get(user.id) ?? null, "read", document))
    .slice(0, options.ids ? undefined : COMMENT_MENTION_CANDIDATES_MAX);
}

/**
 * A Word file's comment authors as members: the provider's member who may read the document and
 * whose email is the name, or who alone has that name. Anyone else stays a name from the file.
 */
export async function membersNamed(db: Db, document: DocumentResource, names: string[]): Promise<Map<string, string>> {
  const matched = new Map<string, string>();
  for (const name of new Set(names.map((n) => n.trim()).filter(Boolean))) {
    const same = (value: string) => value.toLowerCase() === name.toLowerCase();
    const found = (await mentionableMembers(db, document, { q: name })).filter((m) => same(m.email) || same(m.name));
    if (found.length === 1) matched.set(name, found[0]!.id);
  }
  return matched;
}

/** The people a comment mentions, each of whom must be mentionable, or a 400 naming the first who is not. */
export async function requireMentionable(db: Db, document: DocumentResource, ids: string[]): Promise<Mentionable[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const found = await mentionableMembers(db, document, { ids: unique });
  const missing = unique.findIndex((id) => !found.some((m) => m.id === id));
  if (missing >= 0) {
    throw invalid([{ path: `mentions.${missing}`, message: "Only members of the provider's team who can read this document can be mentioned." }], "Someone mentioned cannot read this document.");
  }
  return found;
}

const excerpt = (body: string) => (body.length > 500 ? `${body.slice(0, 499)}…` : body);

/** One inbox entry and one mail per person mentioned (not the author), inside the comment's transaction. */
export async function notifyMentioned(
  tx: Pick<Db, "notification" | "emailOutbox">,
  input: { mentioned: Mentionable[]; authorId: string; authorName: string; document: { id: string; title: string }; threadId: string; commentId: string; body: string; appUrl: string },
): Promise<number> {
  let notified = 0;
  for (const person of input.mentioned) {
    if (person.id === input.authorId) continue;
    const created = await notifyOnce(
      tx,
      {
        recipient: { id: person.id, email: person.email },
        kind: "COMMENT_MENTION",
        title: `${input.authorName} mentioned you on “${input.document.title}”`,
        body: excerpt(input.body),
        link: `/documents/${input.document.id}?panel=comments&thread=${input.threadId}`,
        documentId: input.document.id,
        onceKey: `comment-mention:${input.commentId}:${person.id}`,
      },
      input.appUrl,
    );
    if (created) notified += 1;
  }
  return notified;
}
