/**
 * The deepest nesting of arrays and objects in a JSON text, found by one pass over its
 * characters without parsing it: strings (and escaped quotes in them) are skipped, brackets
 * counted. The scan stops as soon as `limit` is passed, so an attack like `[[[[...` of 64 KB
 * costs one short loop and never reaches `JSON.parse` (whose recursion it could exhaust).
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}
