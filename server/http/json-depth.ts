/**
 * Whether JSON text nests objects and arrays deeper than `max`, found by one pass over the
 * bytes with a counter (no recursion, no parse): cheap enough to run on every JSON body before
 * it is parsed, so nothing downstream ever walks a 3,000-level tree recursively. Brackets
 * inside strings do not count; the text need not be valid JSON (the parser judges that).
 */
export function jsonTextDepthExceeds(bytes: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return false;
}
