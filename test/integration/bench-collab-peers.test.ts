// The collab bench's figures for its peers are only worth something if its clients really sync
// through them (the Hocuspocus client is hand-written to its protocol): against each peer, started
// as the bench starts it, an edit reaches the other client and the cold document arrives whole.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { SERVERS, type ServerUnderTest } from "../../bench/collab/servers.ts";
import { closeAll, coldLoad, fanOut } from "../../bench/collab/workload.ts";
import { connect } from "../../bench/collab/clients.ts";

const BIG_CHARS = 5_000;

describe.each(SERVERS.filter((s) => !s.name.startsWith("Precedent")).map((s) => [s.name, s] as const))("collab bench against %s", (_name, entry) => {
  let server: ServerUnderTest;
  beforeAll(async () => {
    server = await entry.start({ users: 1, documents: 2, bigChars: BIG_CHARS });
  });
  afterAll(async () => {
    await server?.stop();
  });

  test("a character typed by one client reaches the others, and is timed", async () => {
    const times = await fanOut(server, server.documents[0]!, 3, 5);
    expect(times).toHaveLength(5);
    expect(times.every((t) => t > 0)).toBe(true);
  });

  test("a client that joins late gets what was typed before it", async () => {
    const endpoint = () => ({ protocol: server.protocol, url: server.urls[0]!, document: server.documents[1]!, token: server.tokens[0]! });
    const first = connect(endpoint());
    await first.synced;
    first.doc.getText("t").insert(0, "typed before");
    const late = connect(endpoint());
    try {
      await late.synced;
      await expect.poll(() => late.doc.getText("t").toString()).toBe("typed before");
    } finally {
      closeAll([first, late]);
    }
  });

  test("the cold big document arrives whole", async () => {
    // coldLoad throws unless every character arrived.
    expect(await coldLoad(server, BIG_CHARS)).toBeGreaterThan(0);
  });
});
