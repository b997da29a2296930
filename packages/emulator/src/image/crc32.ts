let table: Uint32Array | undefined;

/** Builds the CRC-32 (IEEE 802.3, reflected 0xEDB88320) table on first use, not at import. */
function crcTable(): Uint32Array {
  if (table) return table;
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  table = t;
  return t;
}

/**
 * Continues a CRC-32 over `bytes`. Start with `crc = 0`; feed the result back in to checksum
 * data that arrives in pieces (PNG checksums a chunk's type and data together).
 *
 * @example
 * crc32(new TextEncoder().encode("123456789")); // 0xcbf43926
 * crc32(new TextEncoder().encode("6789"), crc32(new TextEncoder().encode("12345"))); // same
 */
export function crc32(bytes: Uint8Array, crc = 0): number {
  const t = crcTable();
  let c = ~crc;
  for (let i = 0; i < bytes.length; i++) c = t[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}
