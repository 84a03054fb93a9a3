import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  HANDSHAKE_REFUSED_PREFIX,
  HandshakeRefusal,
  InboxHandshakeAuth,
  normaliseUsername,
  usernameProblem,
  usernameProblemCode,
} from '@prontogram/contracts';
import type { Environment } from '../config/environment';
import { clientAddress, TrustProxy, trustProxyFrom } from '../http/client-address';
import { describeLimitExceeded } from '../limits/limit-exceeded';
import { SocketLimits } from '../limits/socket-limits.service';
import { SignInTokens } from '../sign-in/sign-in-tokens.service';
import { InboxPresence } from './inbox-presence';
import type { InboxSocket } from './inbox-server';

type Handshake = InboxSocket['handshake'];

/** A refused handshake: the client's `connect_error` carries the message and `data`. */
export type Refusal = Error & { data: HandshakeRefusal };

export function refusal(reason: string, data: HandshakeRefusal): Refusal {
  return Object.assign(new Error(`${HANDSHAKE_REFUSED_PREFIX} ${reason}`), { data });
}

/** What a handshake proved: who signs in, and whether with a link (then a session follows). */
export interface Admission {
  username: string;
  throughLink: boolean;
}

/**
 * Decides who a new socket signs in as, or why it may not: too many connections from its
 * address, a username that breaks the rule, a missing or bad link where links are required,
 * or too many pages of that person open already.
 */
@Injectable()
export class HandshakeGate {
  private readonly linksRequired: boolean;
  private readonly trustProxy: TrustProxy;

  constructor(
    private readonly limits: SocketLimits,
    private readonly tokens: SignInTokens,
    private readonly presence: InboxPresence,
    config: ConfigService<Environment, true>,
  ) {
    this.linksRequired = config.get('SIGN_IN_MODE', { infer: true }) === 'link';
    this.trustProxy = trustProxyFrom(config.get('TRUST_PROXY', { infer: true }));
  }

  async admit(handshake: Handshake): Promise<Admission | Refusal> {
    const address = clientAddress(handshake.headers, handshake.address, this.trustProxy);
    const overLimit = await this.limits.connection(address);
    if (overLimit) {
      return refusal(describeLimitExceeded(overLimit), {
        retryable: true,
        code: 'rate-limited',
        retryAfterSeconds: overLimit.retryAfterSeconds,
      });
    }
    const auth = (handshake.auth ?? {}) as Partial<InboxHandshakeAuth>;
    const identity = this.linksRequired ? await this.fromToken(auth) : this.fromUsername(auth);
    if (identity instanceof Error) return identity;

    const open = await this.presence.pagesOpen(identity.username);
    if (open >= this.limits.maxSessionsPerUsername) {
      return refusal(
        `this person already has ${open} pages open, the most allowed; close one and retry`,
        { retryable: false, code: 'too-many-sessions' },
      );
    }
    return identity;
  }

  private fromUsername({ username }: Partial<InboxHandshakeAuth>): Admission | Refusal {
    const code = usernameProblemCode(username);
    if (code) return refusal(usernameProblem(username) ?? code, { retryable: false, code });
    return { username: normaliseUsername(username as string), throughLink: false };
  }

  private async fromToken({
    username,
    token,
  }: Partial<InboxHandshakeAuth>): Promise<Admission | Refusal> {
    if (token === undefined) {
      return refusal(
        'this ProntoGram signs people in only through a sign-in link: ask the service that ' +
          'sends you messages for one',
        { retryable: false, code: 'link-required' },
      );
    }
    const verified = await this.tokens.verify(token);
    if ('problem' in verified) {
      const reason = verified.problem === 'link-expired' ? 'has expired' : 'is not valid';
      return refusal(`this sign-in link ${reason}: ask for a new one`, {
        retryable: false,
        code: verified.problem,
      });
    }
    if (typeof username === 'string' && normaliseUsername(username) !== verified.username) {
      return refusal('this sign-in link is for someone else: ask for your own', {
        retryable: false,
        code: 'link-invalid',
      });
    }
    return { username: verified.username, throughLink: true };
  }
}
