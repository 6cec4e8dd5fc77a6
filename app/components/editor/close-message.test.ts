import { describe, expect, test } from "vitest";
import { CloseCodes } from "../../../server/collab/close-codes.ts";
import { closeMessage } from "./close-message.ts";

describe("closeMessage", () => {
  test("every final close code the server sends reads as plain words, never the protocol's reason", () => {
    for (const close of Object.values(CloseCodes).filter((c) => c.code >= 4400 && c.code < 4500)) {
      const message = closeMessage(close);
      expect(message, close.reason).not.toContain(close.reason);
      expect(message).toMatch(/^[A-Z].*\.$/);
    }
    expect(closeMessage(CloseCodes.AuthorizationChanged)).toBe("Your access to this document has changed.");
  });

  test("an unknown code still says what happened", () => {
    expect(closeMessage({ code: 4999, reason: "" })).toBe("The server closed the connection (4999).");
    expect(closeMessage({ code: 4998, reason: "Odd" })).toBe("The server closed the connection: Odd.");
  });
});
