/**
 * Direct Line tokens: compact HS256 JWTs bound to one conversation id.
 *
 * Two kinds share the format but never substitute for each other: `conversation` tokens are the
 * Bearer credential of the REST calls (lifetime config.tokenTtlSeconds, renewable through
 * /tokens/refresh), `stream` tokens sit in a websocket streamUrl and only open that socket
 * (short lifetime, because URLs end up in proxy logs). The signing key is derived from
 * config.directLineSecret, so the secret itself never signs anything directly.
 *
 * The JWT shape keeps botframework-directlinejs happy: it runs jwt-decode on the token and only
 * looks for a `user` claim, which these tokens deliberately do not carry.
 */
import crypto from 'node:crypto';

export type TokenKind = 'conversation' | 'stream';

export interface IssuedToken {
  token: string;
  /** Seconds until the token expires. */
  expiresIn: number;
}

export type TokenCheck =
  | { ok: true; conversationId: string; expiresIn: number }
  | { ok: false; reason: 'missing' | 'malformed' | 'signature' | 'expired' | 'wrong-kind' };

export interface Claims {
  cid: string;
  /** Random: two tokens issued in the same second still differ. */
  jti?: string;
  knd: TokenKind;
  iat: number;
  exp: number;
}

const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
const MAX_TOKEN_LENGTH = 1024;

function base64url(text: string | Buffer): string {
  return Buffer.from(text).toString('base64url');
}

export class TokenService {
  private readonly key: Buffer;

  constructor(
    secret: string,
    private readonly conversationTtlSeconds: number,
    private readonly streamTtlSeconds = 120,
    private readonly now: () => number = Date.now,
  ) {
    this.key = crypto.createHmac('sha256', secret).update('lotse/directline/token/v1').digest();
  }

  issue(conversationId: string, kind: TokenKind = 'conversation'): IssuedToken {
    const ttl = kind === 'conversation' ? this.conversationTtlSeconds : this.streamTtlSeconds;
    const iat = Math.floor(this.now() / 1000);
    const jti = crypto.randomBytes(9).toString('base64url');
    return { token: this.sign({ cid: conversationId, jti, knd: kind, iat, exp: iat + ttl }), expiresIn: ttl };
  }

  /** Signs arbitrary claims; exported for tests that need expired or odd tokens. */
  sign(claims: Claims): string {
    const payload = base64url(JSON.stringify(claims));
    return `${HEADER}.${payload}.${this.mac(`${HEADER}.${payload}`)}`;
  }

  verify(token: string | undefined, kind: TokenKind = 'conversation'): TokenCheck {
    if (!token) return { ok: false, reason: 'missing' };
    if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== HEADER) return { ok: false, reason: 'malformed' };
    const expected = Buffer.from(this.mac(`${parts[0]}.${parts[1]}`));
    const given = Buffer.from(parts[2]);
    if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return { ok: false, reason: 'signature' };
    let claims: Partial<Claims>;
    try {
      claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Partial<Claims>;
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    if (typeof claims.cid !== 'string' || typeof claims.exp !== 'number') return { ok: false, reason: 'malformed' };
    if (claims.knd !== kind) return { ok: false, reason: 'wrong-kind' };
    const expiresIn = claims.exp - Math.floor(this.now() / 1000);
    if (expiresIn <= 0) return { ok: false, reason: 'expired' };
    return { ok: true, conversationId: claims.cid, expiresIn };
  }

  private mac(input: string): string {
    return crypto.createHmac('sha256', this.key).update(input).digest('base64url');
  }
}

/**
 * The token of an `Authorization: Bearer …` header. botframework-directlinejs sends the literal
 * `Bearer undefined` when it has no token yet, which counts as no token.
 */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) return undefined;
  const token = match[1];
  return token === 'undefined' || token === 'null' ? undefined : token;
}
