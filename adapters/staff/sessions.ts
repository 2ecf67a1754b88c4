/**
 * Staff sessions and login throttling, in memory (a restart logs everyone out, which is fine).
 *
 * A session is a random 256-bit token in an httpOnly, SameSite=Strict cookie; the server keeps
 * only its SHA-256. Each session has its own CSRF token, which every state-changing request
 * must echo in a header. Sessions end after an idle time and after an absolute lifetime.
 *
 * Lockout: 5 failed logins for a user name within 15 minutes lock that name for 15 minutes;
 * 20 failures from one address lock the address. A locked login is refused before the password
 * is checked, with the same answer whether the password was right or not.
 */
import crypto from 'node:crypto';

export interface StaffSession {
  staffId: string;
  displayName: string;
  csrf: string;
  createdAt: number;
  lastSeen: number;
}

export interface SessionLimits {
  idleMs: number;
  maxAgeMs: number;
}

function digest(token: string): string {
  return crypto.createHash('sha256').update(token).digest('base64url');
}

export function sameToken(a: string, b: string): boolean {
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}

export class SessionStore {
  private readonly sessions = new Map<string, StaffSession>();

  constructor(
    private readonly limits: SessionLimits,
    private readonly now: () => number = Date.now,
  ) {}

  create(staffId: string, displayName: string): { token: string; session: StaffSession } {
    this.sweep();
    const token = crypto.randomBytes(32).toString('base64url');
    const at = this.now();
    const session: StaffSession = { staffId, displayName, csrf: crypto.randomBytes(24).toString('base64url'), createdAt: at, lastSeen: at };
    this.sessions.set(digest(token), session);
    return { token, session };
  }

  /** The live session for a cookie token (touched), or undefined when unknown or expired. */
  get(token: string | undefined): StaffSession | undefined {
    if (!token || token.length > 100) return undefined;
    const key = digest(token);
    const session = this.sessions.get(key);
    if (!session) return undefined;
    const at = this.now();
    if (at - session.lastSeen > this.limits.idleMs || at - session.createdAt > this.limits.maxAgeMs) {
      this.sessions.delete(key);
      return undefined;
    }
    session.lastSeen = at;
    return session;
  }

  destroy(token: string | undefined): void {
    if (token) this.sessions.delete(digest(token));
  }

  /** Does this staff member still have another open session (another tab shares the cookie; another browser does not)? */
  hasSession(staffId: string): boolean {
    return [...this.sessions.values()].some((s) => s.staffId === staffId);
  }

  private sweep(): void {
    const at = this.now();
    for (const [key, s] of this.sessions) {
      if (at - s.lastSeen > this.limits.idleMs || at - s.createdAt > this.limits.maxAgeMs) this.sessions.delete(key);
    }
  }
}

export interface ThrottleLimits {
  maxPerName: number;
  maxPerAddress: number;
  windowMs: number;
  lockMs: number;
}

export const DEFAULT_THROTTLE: ThrottleLimits = { maxPerName: 5, maxPerAddress: 20, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

interface Failures {
  times: number[];
  lockedUntil?: number;
}

export class LoginThrottle {
  private readonly failures = new Map<string, Failures>();

  constructor(
    private readonly limits: ThrottleLimits = DEFAULT_THROTTLE,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until the name or the address may try again; 0 when not locked. */
  lockedFor(name: string, address: string): number {
    const at = this.now();
    const until = Math.max(this.failures.get(`n:${name}`)?.lockedUntil ?? 0, this.failures.get(`a:${address}`)?.lockedUntil ?? 0);
    return Math.max(0, until - at);
  }

  fail(name: string, address: string): void {
    this.count(`n:${name}`, this.limits.maxPerName);
    this.count(`a:${address}`, this.limits.maxPerAddress);
  }

  succeed(name: string): void {
    this.failures.delete(`n:${name}`);
  }

  private count(key: string, max: number): void {
    const at = this.now();
    const entry = this.failures.get(key) ?? { times: [] };
    entry.times = [...entry.times.filter((t) => at - t < this.limits.windowMs), at];
    if (entry.times.length >= max) {
      entry.lockedUntil = at + this.limits.lockMs;
      entry.times = [];
    }
    this.failures.set(key, entry);
    if (this.failures.size > 10_000) {
      for (const [k, f] of this.failures) if ((f.lockedUntil ?? 0) < at && f.times.every((t) => at - t >= this.limits.windowMs)) this.failures.delete(k);
    }
  }
}
