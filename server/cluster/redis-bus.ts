import type { Redis } from "ioredis";
import type { Logger } from "../logger.ts";
import type { BusHandlers, ClusterBus } from "./bus.ts";
import { decodeBusMessage, encodeBusMessage, fromBase64, toBase64, type BusMessage } from "./messages.ts";

/** One channel for every document: each process hears all of them and keeps what its open rooms need. */
export const BUS_CHANNEL = "precedent:sync";

/**
 * The bus over Redis pub/sub. Publishing goes through the shared command connection (commands
 * on one connection stay in order, so a document's updates arrive in the order they were
 * stored); subscribing needs a connection of its own. Pub/sub is at-most-once: when the
 * subscriber reconnects, `resync` tells rooms to re-read the log, so what was missed while
 * disconnected still arrives.
 */
export function createRedisBus({ processId, publisher, subscriber, logger }: { processId: string; publisher: Redis; subscriber: Redis; logger: Logger }): ClusterBus {
  let handlers: BusHandlers | undefined;
  let subscribedOnce = false;

  const publish = (message: BusMessage) => {
    publisher.publish(BUS_CHANNEL, encodeBusMessage(message)).catch((error: unknown) => {
      logger.error("cluster: publish failed", { type: message.t, error: String(error) });
    });
  };

  function dispatch(raw: string) {
    const message = decodeBusMessage(raw);
    if (!message) return logger.warn("cluster: a bus message did not parse; dropped", { bytes: raw.length });
    if (message.p === processId || !handlers) return;
    try {
      switch (message.t) {
        case "update":
          return handlers.update(message.d, fromBase64(message.u));
        case "awareness":
          return handlers.awareness(message.d, fromBase64(message.u), message.p);
        case "awareness-query":
          return handlers.awarenessQuery(message.d);
        case "revoke":
          return handlers.revoke(message.s);
        case "comments":
          return handlers.comments(message.d, { visibility: message.v, clientOrganizationId: message.c });
      }
    } catch (error) {
      logger.error("cluster: handling a bus message failed", { type: message.t, error: String((error as Error)?.stack ?? error) });
    }
  }

  subscriber.on("message", (channel: string, raw: string) => {
    if (channel === BUS_CHANNEL) dispatch(raw);
  });
  // ioredis subscribes again after a reconnect; "ready" after the first time means messages may have been missed.
  subscriber.on("ready", () => {
    if (subscribedOnce) handlers?.resync();
  });
  const subscribed = subscriber.subscribe(BUS_CHANNEL).then(
    () => {
      subscribedOnce = true;
    },
    (error: unknown) => logger.error("cluster: subscribing to the bus failed", { error: String(error) }),
  );

  return {
    processId,
    clustered: true,
    publishUpdate: (documentId, update) => publish({ t: "update", p: processId, d: documentId, u: toBase64(update) }),
    publishAwareness: (documentId, update) => publish({ t: "awareness", p: processId, d: documentId, u: toBase64(update) }),
    queryAwareness: (documentId) => publish({ t: "awareness-query", p: processId, d: documentId }),
    publishRevoke: (scope) => publish({ t: "revoke", p: processId, s: scope }),
    publishComments: (documentId, thread) => publish({ t: "comments", p: processId, d: documentId, v: thread.visibility, c: thread.clientOrganizationId }),
    listen(next) {
      handlers = next;
    },
    async close() {
      await subscribed;
      handlers = undefined;
    },
  };
}
