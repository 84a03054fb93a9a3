import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { errors, jwtVerify, JWTVerifyGetKey, SignJWT } from 'jose';
import type { Environment } from '../config/environment';
import { parseSigningKeys, SigningKeySetting } from '../config/signing-keys-setting';

const ISSUER = 'prontogram';
const AUDIENCE = 'prontogram-inbox';
const ALGORITHM = 'HS256';

/** `link`: in a sign-in link, short-lived. `session`: what a signed-in page reconnects with. */
export type SignInTokenKind = 'link' | 'session';

export interface SignedToken {
  token: string;
  expiresAt: Date;
}

/** Why a token does not sign anybody in: a code the page translates. */
export type TokenProblem = 'link-expired' | 'link-invalid';

/**
 * Signs and checks the tokens of `SIGN_IN_MODE=link`, with jose: HS256 JWTs whose subject is
 * the normalised username. The first key of `SIGN_IN_KEYS` signs and names itself in the
 * token's `kid`; every configured key verifies, so keys rotate without signing anyone out.
 */
@Injectable()
export class SignInTokens {
  private readonly keys: SigningKeySetting[];
  private readonly lifetimeSeconds: Record<SignInTokenKind, number>;
  private readonly keyFor: JWTVerifyGetKey;

  constructor(config: ConfigService<Environment, true>) {
    this.keys = parseSigningKeys(config.get('SIGN_IN_KEYS', { infer: true }));
    this.lifetimeSeconds = {
      link: config.get('SIGN_IN_LINK_TTL_SECONDS', { infer: true }),
      session: config.get('SIGN_IN_SESSION_TTL_SECONDS', { infer: true }),
    };
    this.keyFor = ({ kid }) => {
      const key = this.keys.find((candidate) => candidate.id === kid);
      // jose turns this into a failed verification, like a bad signature.
      if (!key) throw new errors.JWKSNoMatchingKey();
      return key.secret;
    };
  }

  /** Whether links can be signed here (`SIGN_IN_KEYS` is set). */
  get enabled(): boolean {
    return this.keys.length > 0;
  }

  async issue(username: string, kind: SignInTokenKind): Promise<SignedToken> {
    const [signing] = this.keys;
    if (!signing) throw new Error('SIGN_IN_KEYS is empty: nothing can sign a link');
    const issuedAt = Math.floor(Date.now() / 1000);
    const expiresAt = issuedAt + this.lifetimeSeconds[kind];
    const token = await new SignJWT({ kind })
      .setProtectedHeader({ alg: ALGORITHM, kid: signing.id })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(username)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(signing.secret);
    return { token, expiresAt: new Date(expiresAt * 1000) };
  }

  /** The username a token signs in, or why it signs in nobody. */
  async verify(token: unknown): Promise<{ username: string } | { problem: TokenProblem }> {
    if (typeof token !== 'string' || token === '') return { problem: 'link-invalid' };
    try {
      const { payload } = await jwtVerify(token, this.keyFor, {
        algorithms: [ALGORITHM],
        issuer: ISSUER,
        audience: AUDIENCE,
        requiredClaims: ['sub', 'exp'],
      });
      const kind = payload['kind'];
      if ((kind !== 'link' && kind !== 'session') || !payload.sub) {
        return { problem: 'link-invalid' };
      }
      return { username: payload.sub };
    } catch (error) {
      return { problem: error instanceof errors.JWTExpired ? 'link-expired' : 'link-invalid' };
    }
  }
}
