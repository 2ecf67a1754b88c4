/**
 * Staff sessions and login throttling, in memory (a restart logs everyone out, which is fine).
 *
 * A session is a random 256-bit token in an httpOnly, SameSite=Strict cookie; the server keeps
 * only its SHA-256. Each session has its own CSRF token, which every state-changing request
 * must echo in a header. Sessions end after an idle time and after an absolute lifetime.
 *
 * Throttling (LoginThrottle): growing waits per (account, address) and per usual browser, never
 * a lock on an account for everyone. A throttled login is refused before the password is
 * checked, with the same answer whether the password was right or not.
 */
import crypto from 'node:crypto';
import { GrowingDelay, type DelayPolicy } from '../throttle';

export interface StaffSession {
  staffId: string;
  displayName: string;
  /** Operator views (webhook dead letters); from the account at login. */
  admin?: boolean;
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

  create(staffId: string, displayName: string, admin = false): { token: string; session: StaffSession } {
    this.sweep();
    const token = crypto.randomBytes(32).toString('base64url');
    const at = this.now();
    const session: StaffSession = { staffId, displayName, csrf: crypto.randomBytes(24).toString('base64url'), createdAt: at, lastSeen: at, ...(admin ? { admin } : {}) };
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

export interface LoginPolicy {
  /** Per (account, address) — or (account, usual browser): a few free mistakes, then growing waits. */
  perAccount: DelayPolicy;
  /** Per address, for logins without the usual-browser cookie: catches spraying many accounts. */
  perAddress: DelayPolicy;
}

export const DEFAULT_LOGIN_POLICY: LoginPolicy = {
  perAccount: { freeFailures: 4, baseMs: 30_000, maxMs: 15 * 60_000, forgetMs: 60 * 60_000 },
  perAddress: { freeFailures: 30, baseMs: 30_000, maxMs: 15 * 60_000, forgetMs: 60 * 60_000 },
};

export interface Lockout {
  account: string;
  /** The address tried from, or "usual browser" for attempts with the device cookie. */
  from: string;
  failures: number;
  waitSeconds: number;
}

/**
 * Login throttling without lockout abuse: failures count per (account, address), so someone
 * guessing anna's password from elsewhere slows down only themselves; from anna's usual browser
 * (a signed device cookie from an earlier login) her attempts count on their own key and the
 * per-address limit does not apply, so even an attacker behind the same office address cannot
 * keep her out.
 */
export class LoginThrottle {
  readonly perAccount: GrowingDelay;
  readonly perAddress: GrowingDelay;

  constructor(policy: LoginPolicy = DEFAULT_LOGIN_POLICY, now: () => number = Date.now) {
    this.perAccount = new GrowingDelay(policy.perAccount, now);
    this.perAddress = new GrowingDelay(policy.perAddress, now);
  }

  /** Milliseconds until this login may be tried; 0 when it may now. */
  waitMs(name: string, address: string, device?: string): number {
    if (device) return this.perAccount.waitMs(deviceKey(name, device));
    return Math.max(this.perAccount.waitMs(addressKey(name, address)), this.perAddress.waitMs(address));
  }

  fail(name: string, address: string, device?: string): void {
    if (device) {
      this.perAccount.fail(deviceKey(name, device));
      return;
    }
    this.perAccount.fail(addressKey(name, address));
    this.perAddress.fail(address);
  }

  succeed(name: string, address: string, device?: string): void {
    this.perAccount.succeed(device ? deviceKey(name, device) : addressKey(name, address));
  }

  /** Accounts with failed logins on record (admins see and lift them). */
  lockouts(): Lockout[] {
    return this.perAccount.list().map(({ key, failures, waitMs }) => {
      const [kind, account, from] = JSON.parse(key) as [string, string, string];
      return { account, from: kind === 'd' ? 'usual browser' : from, failures, waitSeconds: Math.ceil(waitMs / 1000) };
    });
  }

  /** Lifts every lockout of an account (or of everyone); returns how many were lifted. */
  unlock(account?: string): number {
    const lifted = this.perAccount.lift((key) => account === undefined || (JSON.parse(key) as string[])[1] === account);
    if (account === undefined) this.perAddress.lift(() => true);
    return lifted;
  }
}

const addressKey = (name: string, address: string): string => JSON.stringify(['a', name, address]);
const deviceKey = (name: string, device: string): string => JSON.stringify(['d', name, device]);

/**
 * "Usual browser" cookies: `<device id>.<HMAC(key, account + device id)>`, set at a successful
 * login. Only the server can make one, and one is valid only for the account that logged in.
 */
export class DeviceCookies {
  private readonly key: Buffer;

  constructor(key?: string) {
    this.key = key ? crypto.createHash('sha256').update(`lotse-staff-device\n${key}`).digest() : crypto.randomBytes(32);
  }

  issue(account: string): string {
    const id = crypto.randomBytes(12).toString('base64url');
    return `${id}.${this.mac(account, id)}`;
  }

  /** The device id when the cookie was issued for this account, else undefined. */
  verify(cookie: string | undefined, account: string): string | undefined {
    if (!cookie || cookie.length > 200) return undefined;
    const [id, mac] = cookie.split('.');
    if (!id || !mac) return undefined;
    return sameToken(mac, this.mac(account, id)) ? id : undefined;
  }

  private mac(account: string, id: string): string {
    return crypto.createHmac('sha256', this.key).update(`${account}\n${id}`).digest('base64url');
  }
}
