import type { Notification } from "../db/generated/client.ts";

/**
 * A notification as its recipient sees it. `readable` is false when it is about a document the
 * recipient can no longer read: then neither its title nor its link is shown.
 */
export function presentNotification(n: Notification, readable: boolean) {
  return {
    id: n.id,
    kind: n.kind,
    title: readable ? n.title : "About a document you can no longer open",
    body: readable ? n.body : "",
    link: readable ? n.link : null,
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt?.toISOString() ?? null,
  };
}

export type PresentedNotification = ReturnType<typeof presentNotification>;
