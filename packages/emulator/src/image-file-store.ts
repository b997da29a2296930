/** One stored image behind a dall-e `url` result. */
export interface StoredImage {
  bytes: Uint8Array;
  contentType: string;
  expiresAt: number;
}

/** What a lookup found: the image, an expired one (with when), or nothing. */
export type ImageLookup =
  | { state: "found"; image: StoredImage }
  | { state: "expired"; expiredAt: number }
  | { state: "missing" };

/** Expired ids remembered (without bytes) so they answer 410 instead of 404. */
const MAX_TOMBSTONES = 10_000;

/**
 * The images served at `/v1/images/files/:id` for dall-e's `response_format: "url"`. Each
 * expires `ttlMs` after it was generated (the API's URLs last 60 minutes); at most `capacity`
 * are kept, oldest dropped first, so a long-running emulator does not grow without bound.
 *
 * @example
 * const store = new ImageFileStore({ ttlMs: 3_600_000, capacity: 100, now: Date.now });
 * store.put("img_1", { bytes, contentType: "image/png" });
 * store.get("img_1").state; // "found"
 */
export class ImageFileStore {
  private readonly images = new Map<string, StoredImage>();
  private readonly expired = new Map<string, number>();
  private readonly ttlMs: number;
  private readonly capacity: number;
  private readonly now: () => number;

  constructor(options: { ttlMs: number; capacity: number; now: () => number }) {
    this.ttlMs = options.ttlMs;
    this.capacity = Math.max(1, options.capacity);
    this.now = options.now;
  }

  put(id: string, image: { bytes: Uint8Array; contentType: string }): void {
    this.sweep();
    while (this.images.size >= this.capacity) {
      const oldest = this.images.keys().next().value as string;
      this.images.delete(oldest);
    }
    this.images.set(id, { ...image, expiresAt: this.now() + this.ttlMs });
  }

  get(id: string): ImageLookup {
    this.sweep();
    const image = this.images.get(id);
    if (image) return { state: "found", image };
    const expiredAt = this.expired.get(id);
    return expiredAt === undefined ? { state: "missing" } : { state: "expired", expiredAt };
  }

  /** Number of images currently held. */
  get size(): number {
    return this.images.size;
  }

  private sweep(): void {
    const now = this.now();
    // Insertion order is expiry order (one TTL for all), so the scan stops at the first live one.
    for (const [id, image] of this.images) {
      if (image.expiresAt > now) break;
      this.images.delete(id);
      this.expired.set(id, image.expiresAt);
    }
    while (this.expired.size > MAX_TOMBSTONES) {
      this.expired.delete(this.expired.keys().next().value as string);
    }
  }
}
