import { describe, expect, test } from "vitest";
import { CloseCodes } from "../../../server/collab/close-codes.ts";
import { ACCESS_ENDED_CLOSE_CODES, clearLocalDocumentCopies, clearsLocalCopy, isAccessEndedClose, isAccessEndedStatus, localCopyName, LOCAL_COPY_PREFIX } from "./local-copies.ts";

describe("local copies", () => {
  test("the sync server's closes for a lost right to read clear the copy; a retry or a bad message does not", () => {
    expect([...ACCESS_ENDED_CLOSE_CODES].sort()).toEqual(
      [CloseCodes.Unauthorized.code, CloseCodes.AuthorizationChanged.code, CloseCodes.NotFound.code].sort(),
    );
    for (const close of [CloseCodes.BadMessage, CloseCodes.TooLarge, CloseCodes.TooManyConnections, CloseCodes.RateLimited, CloseCodes.ServerShutdown]) {
      expect(isAccessEndedClose(close.code), close.reason).toBe(false);
    }
  });

  test("a change refused for good (4422, not a suggestion) clears the copy too: kept, it would be refused at every opening", () => {
    expect(isAccessEndedClose(CloseCodes.NotASuggestion.code)).toBe(false);
    expect(clearsLocalCopy(CloseCodes.NotASuggestion.code)).toBe(true);
    expect(clearsLocalCopy(CloseCodes.AuthorizationChanged.code)).toBe(true);
    expect(clearsLocalCopy(CloseCodes.RateLimited.code)).toBe(false);
  });

  test("the document page's 403 and 404 clear the copy; a 500 does not", () => {
    expect([403, 404].map(isAccessEndedStatus)).toEqual([true, true]);
    expect([401, 500, 503].map(isAccessEndedStatus)).toEqual([false, false, false]);
  });

  test("on the server there is no IndexedDB and nothing to clear", async () => {
    await expect(clearLocalDocumentCopies()).resolves.toBe(0);
  });

  test("a copy is named after its owner and its document", () => {
    expect(localCopyName("u1", "d1")).toBe(`${LOCAL_COPY_PREFIX}u1-d1`);
  });
});
