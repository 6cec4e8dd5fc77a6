// A text/event-stream body read as a browser's EventSource reads it, through node's fetch.

export type EventStreamState = {
  /** The named events (`event: …`), in the order they came. */
  events: string[];
  /** Comment lines (`: …`): the heartbeats. */
  comments: number;
  /** The server ended it (or the reader was aborted). */
  ended: boolean;
};

/** Starts reading `response`'s body in the background; the returned state fills as events come. */
export function readEventStream(response: Response): EventStreamState {
  const state: EventStreamState = { events: [], comments: 0, ended: false };
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = "";
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        for (let end = buffer.indexOf("\n\n"); end !== -1; end = buffer.indexOf("\n\n")) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const name = /^event: (.*)$/m.exec(block)?.[1];
          if (name) state.events.push(name);
          else if (block.startsWith(":")) state.comments += 1;
        }
      }
    } catch {
      // Aborted by the test.
    }
    state.ended = true;
  })();
  return state;
}
