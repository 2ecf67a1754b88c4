/**
 * Token-bucket rate limiting with bounded memory, plus the client address rule shared by HTTP
 * requests and websocket upgrades.
 *
 * A bucket holds up to `burst` tokens and refills at `perMinute / 60` tokens per second. Buckets
 * live in a Map kept in least-recently-used order; when it grows past `maxKeys`, the oldest entry
 * goes (it is the one that has refilled the longest, so forgetting it costs least). `sweep()`
 * drops buckets that are full again, which is the same as never having seen the key.
 */
import type { IncomingMessage } from 'node:http';

export interface BucketOptions {
  perMinute: number;
  burst: number;
  maxKeys: number;
  now?: () => number;
}

export type TakeResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updated: number;
}

export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private readonly now: () => number;

  constructor(private readonly options: BucketOptions) {
    this.perMs = options.perMinute / 60_000;
    this.now = options.now ?? Date.now;
  }

  take(key: string): TakeResult {
    const now = this.now();
    const bucket = this.refill(key, now);
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.options.maxKeys) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000)) };
  }

  /** Forgets buckets that have refilled completely. */
  sweep(): void {
    const now = this.now();
    for (const key of [...this.buckets.keys()]) {
      if (this.refill(key, now).tokens >= this.options.burst) this.buckets.delete(key);
    }
  }

  get size(): number {
    return this.buckets.size;
  }

  clear(): void {
    this.buckets.clear();
  }

  private refill(key: string, now: number): Bucket {
    const bucket = this.buckets.get(key) ?? { tokens: this.options.burst, updated: now };
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + (now - bucket.updated) * this.perMs);
    bucket.updated = now;
    return bucket;
  }
}

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || /^(::ffff:)?127\./.test(address);
}

/**
 * The client address of a websocket upgrade, by the rule app/server.ts gives express
 * (`trust proxy: 'loopback'`): X-Forwarded-For hops are believed only while the hop that
 * reported them is a loopback address.
 */
export function upgradeClientAddress(req: IncomingMessage): string {
  let address = req.socket.remoteAddress ?? 'unknown';
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : header ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  while (isLoopback(address) && hops.length > 0) address = hops.pop() as string;
  return address;
}
