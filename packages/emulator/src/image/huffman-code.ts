/**
 * Optimal prefix-code lengths for `histogram` (symbol -> count), none longer than `maxLength`.
 * Unused symbols get length 0; a lone used symbol gets length 1. When the plain Huffman tree
 * is too deep, small counts are raised to a growing floor and the tree rebuilt (libwebp's
 * approach): lengths stay a complete code, which strict decoders insist on.
 *
 * @example
 * buildHuffmanLengths([10, 1, 1, 0], 15); // Uint8Array [1, 2, 2, 0]
 */
export function buildHuffmanLengths(histogram: ArrayLike<number>, maxLength: number): Uint8Array {
  const size = histogram.length;
  const lengths = new Uint8Array(size);
  const used: number[] = [];
  for (let s = 0; s < size; s++) if (histogram[s]! > 0) used.push(s);
  if (used.length === 0) return lengths;
  if (used.length === 1) {
    lengths[used[0]!] = 1;
    return lengths;
  }
  if (used.length > 2 ** maxLength) throw new RangeError("Huffman: alphabet too large");

  const m = used.length;
  const weight = new Float64Array(2 * m - 1);
  const parent = new Int32Array(2 * m - 1);
  const depth = new Uint8Array(2 * m - 1);
  for (let floor = 1; ; floor *= 2) {
    const order = used
      .map((symbol) => ({ symbol, count: Math.max(histogram[symbol]!, floor) }))
      .sort((a, b) => a.count - b.count || a.symbol - b.symbol);
    for (let i = 0; i < m; i++) weight[i] = order[i]!.count;
    // Two-queue construction: sorted leaves, and internal nodes that are created in
    // non-decreasing weight order, so the two lightest nodes are always at a queue head.
    let leaf = 0;
    let inner = m;
    for (let next = m; next < 2 * m - 1; next++) {
      const a = leaf < m && (inner >= next || weight[leaf]! <= weight[inner]!) ? leaf++ : inner++;
      const b = leaf < m && (inner >= next || weight[leaf]! <= weight[inner]!) ? leaf++ : inner++;
      weight[next] = weight[a]! + weight[b]!;
      parent[a] = next;
      parent[b] = next;
    }
    depth[2 * m - 2] = 0;
    let deepest = 0;
    for (let i = 2 * m - 3; i >= 0; i--) {
      depth[i] = depth[parent[i]!]! + 1;
      if (i < m && depth[i]! > deepest) deepest = depth[i]!;
    }
    if (deepest <= maxLength) {
      for (let i = 0; i < m; i++) lengths[order[i]!.symbol] = depth[i]!;
      return lengths;
    }
  }
}

/**
 * Canonical (deflate/VP8L-style) codes for `lengths`, each bit-reversed so an LSB-first
 * writer emits the code's first bit first.
 *
 * @example
 * reversedCanonicalCodes(Uint8Array.of(1, 2, 2)); // Uint16Array [0b0, 0b01, 0b11]
 */
export function reversedCanonicalCodes(lengths: Uint8Array): Uint16Array {
  const countPerLength = new Uint16Array(16);
  for (const len of lengths) if (len > 0) countPerLength[len]!++;
  const nextCode = new Uint16Array(16);
  let code = 0;
  for (let len = 1; len < 16; len++) {
    code = (code + countPerLength[len - 1]!) << 1;
    nextCode[len] = code;
  }
  const codes = new Uint16Array(lengths.length);
  for (let s = 0; s < lengths.length; s++) {
    const len = lengths[s]!;
    if (len === 0) continue;
    const c = nextCode[len]!++;
    let reversed = 0;
    for (let i = 0; i < len; i++) reversed |= ((c >> i) & 1) << (len - 1 - i);
    codes[s] = reversed;
  }
  return codes;
}
