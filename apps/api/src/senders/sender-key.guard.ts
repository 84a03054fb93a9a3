import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  Logger,
  UnauthorizedException,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SenderIdentity, SenderKeys } from './sender-keys.service';

/** A request that passed the guard, with the identity it proved. */
export type SenderRequest = FastifyRequest & { sender?: SenderIdentity };

/**
 * Lets a request through only with a known sender key (`Authorization: Bearer <key>`), or
 * without one where anonymous sending is on; and only under a sender name the key may use,
 * when the body names one. `401` for a missing or unknown key, `403` for a name not its own.
 */
@Injectable()
export class SenderKeyGuard implements CanActivate {
  private readonly logger = new Logger(SenderKeyGuard.name);

  constructor(private readonly keys: SenderKeys) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<SenderRequest>();
    const identity = this.keys.identify(request.headers.authorization);
    if (identity === 'missing' || identity === 'unknown') {
      context
        .switchToHttp()
        .getResponse<FastifyReply>()
        .header('WWW-Authenticate', 'Bearer realm="prontogram"');
      this.logger.warn({
        msg: `Refused a request from ${request.ip}: ${identity} sender key`,
        reqId: request.id,
      });
      throw new UnauthorizedException(
        identity === 'missing'
          ? 'a sender key is required: send "Authorization: Bearer <key>"'
          : 'this sender key is not known here',
      );
    }
    // A body without a usable sender fails validation next, with its own 400.
    const sender = (request.body as { sender?: unknown } | undefined)?.sender;
    if (typeof sender === 'string' && !this.keys.mayUse(identity, sender)) {
      const who = identity.keyName === null ? 'a request without a key' : `key ${identity.keyName}`;
      this.logger.warn({
        msg: `Refused ${who}: it may not send as "${sender}"`,
        reqId: request.id,
      });
      throw new ForbiddenException(
        identity.keyName === null
          ? `the sender name "${sender}" belongs to a sender key: send with that key`
          : `the key "${identity.keyName}" may not send as "${sender}"`,
      );
    }
    request.sender = identity;
    return true;
  }
}
