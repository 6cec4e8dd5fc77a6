// A test that makes something call console.error fails (as in epic-stack): an unexpected 500
// is logged through console.error by the server's logger, so it cannot pass unnoticed.
// A test that expects an error log silences it: `consoleError.mockImplementation(() => {})`.
import { afterEach, beforeEach, vi, type MockInstance } from "vitest";

export let consoleError: MockInstance<typeof console.error>;
let unexpected: unknown[][] = [];

beforeEach(() => {
  unexpected = [];
  const original = console.error;
  consoleError = vi.spyOn(console, "error");
  consoleError.mockImplementation((...args: unknown[]) => {
    unexpected.push(args);
    original(...args);
  });
});

afterEach(() => {
  consoleError.mockRestore();
  if (unexpected.length > 0) {
    const first = unexpected[0]?.map((a) => (a instanceof Error ? (a.stack ?? a.message) : String(a))).join(" ");
    throw new Error(
      `console.error was called ${unexpected.length} time(s); first: ${first}\n` +
        "If this test expects it, call consoleError.mockImplementation(() => {}).",
    );
  }
});
