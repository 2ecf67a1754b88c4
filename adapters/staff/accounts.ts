/**
 * Staff accounts: a small JSON file (like an htpasswd), written by `npm run staff:add` and read
 * by the server when someone logs in, so new accounts work without a restart. Passwords are
 * hashed with scrypt (N=2^15, r=8, p=1, 16-byte salt); the file is written atomically with
 * mode 0600.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const scrypt = promisify(crypto.scrypt) as (password: string, salt: Buffer, keylen: number, options: crypto.ScryptOptions) => Promise<Buffer>;

const PARAMS = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;
export const MIN_PASSWORD_LENGTH = 12;
const USERNAME = /^[a-z0-9._-]{2,40}$/;

/** What a console account may do (the editors' workspace will use `editor`; `staff` is the console). */
export const STAFF_ROLES = ['staff', 'editor', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffAccount {
  username: string;
  displayName: string;
  /** Missing in files written before roles: `staff`. */
  role?: StaffRole;
  /** `scrypt$<N>$<r>$<p>$<salt b64>$<hash b64>` */
  passwordHash: string;
  createdAt: string;
  disabled?: boolean;
  /** May see operator views in the console (webhook dead letters); accounts with role `admin` may too. */
  admin?: boolean;
}

/** Operator views (webhook dead letters, lockouts) are for admins. */
export function isAdmin(account: Pick<StaffAccount, 'role' | 'admin'>): boolean {
  return account.role === 'admin' || account.admin === true;
}

interface AccountFile {
  accounts: StaffAccount[];
}

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const hash = await scrypt(password, salt, KEY_LENGTH, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = encoded.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: PARAMS.maxmem });
  return actual.length === expected.length && crypto.timingSafeEqual(actual, expected);
}

/** A hash of a random password: verified against when the user name is unknown, so timing does not tell. */
let dummyHash: Promise<string> | undefined;
function dummy(): Promise<string> {
  dummyHash ??= hashPassword(crypto.randomBytes(16).toString('hex'));
  return dummyHash;
}

export function isUsername(name: unknown): name is string {
  return typeof name === 'string' && USERNAME.test(name);
}

export class StaffAccounts {
  private cache?: { mtimeMs: number; accounts: StaffAccount[] };

  constructor(readonly file: string) {}

  /** All accounts; re-read when the file changed. */
  list(): StaffAccount[] {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(this.file);
    } catch {
      return [];
    }
    if (this.cache?.mtimeMs === stat.mtimeMs) return this.cache.accounts;
    const data = JSON.parse(fs.readFileSync(this.file, 'utf8')) as AccountFile;
    const accounts = Array.isArray(data.accounts) ? data.accounts : [];
    this.cache = { mtimeMs: stat.mtimeMs, accounts };
    return accounts;
  }

  find(username: string): StaffAccount | undefined {
    return this.list().find((a) => a.username === username && !a.disabled);
  }

  /** The account when the password is right; always spends one scrypt, known user or not. */
  async authenticate(username: unknown, password: unknown): Promise<StaffAccount | undefined> {
    if (typeof password !== 'string' || password.length > 1024) return undefined;
    const account = isUsername(username) ? this.find(username) : undefined;
    const ok = await verifyPassword(password, account?.passwordHash ?? (await dummy()));
    return ok && account ? account : undefined;
  }

  /** Adds or replaces an account (used by `npm run staff:add`). */
  async add(username: string, displayName: string, password: string, now = new Date(), role: StaffRole = 'staff'): Promise<StaffAccount> {
    if (!isUsername(username)) throw new Error('The user name may contain a–z, 0–9, ".", "_" and "-" (2–40 characters).');
    const name = displayName.trim();
    if (name.length < 2 || name.length > 60) throw new Error('The display name needs 2–60 characters.');
    if (password.length < MIN_PASSWORD_LENGTH) throw new Error(`The password needs at least ${MIN_PASSWORD_LENGTH} characters.`);
    if (!STAFF_ROLES.includes(role)) throw new Error(`The role must be one of: ${STAFF_ROLES.join(', ')}.`);
    const account: StaffAccount = { username, displayName: name, role, passwordHash: await hashPassword(password), createdAt: now.toISOString() };
    const accounts = [...this.list().filter((a) => a.username !== username), account];
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, `${JSON.stringify({ accounts }, null, 2)}\n`, { mode: 0o600 });
    fs.renameSync(temp, this.file);
    this.cache = undefined;
    return account;
  }
}
