import { ConfigService } from '@nestjs/config';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import {
  PushSubscriptionDto,
  PushSubscriptionResult,
  PushUnsubscribeDto,
} from '@prontogram/contracts';
import type { Environment } from '../config/environment';
import { GATEWAY_OPTIONS } from '../inbox/inbox.gateway';
import type { InboxSocket } from '../inbox/inbox-server';
import { describeLimitExceeded } from '../limits/limit-exceeded';
import { SocketLimits } from '../limits/socket-limits.service';
import { validateEvent } from '../validation/validate-event';
import { PushNotifier } from './push-notifier.service';

/** `{ endpoint, keys: { p256dh, auth } }` is three levels. */
const SUBSCRIPTION_MAX_DEPTH = 4;

/**
 * A signed-in page asks for notifications on its device, or stops them, on its socket: the
 * subscription belongs to the person the socket signed in as.
 */
@WebSocketGateway(GATEWAY_OPTIONS)
export class PushGateway {
  private readonly eventRate: string;

  constructor(
    private readonly push: PushNotifier,
    private readonly limits: SocketLimits,
    config: ConfigService<Environment, true>,
  ) {
    this.eventRate = config.get('RATE_LIMIT_SOCKET_EVENTS', { infer: true });
  }

  @SubscribeMessage('push:subscribe')
  async subscribe(
    @ConnectedSocket() socket: InboxSocket,
    @MessageBody() payload: unknown,
  ): Promise<PushSubscriptionResult> {
    const refused = await this.overLimit(socket);
    if (refused) return refused;
    const valid = await validateEvent(payload, PushSubscriptionDto, SUBSCRIPTION_MAX_DEPTH);
    if ('error' in valid) return { ok: false, error: valid.error };
    return this.push.subscribe(socket.data.username, valid.value);
  }

  @SubscribeMessage('push:unsubscribe')
  async unsubscribe(
    @ConnectedSocket() socket: InboxSocket,
    @MessageBody() payload: unknown,
  ): Promise<PushSubscriptionResult> {
    const refused = await this.overLimit(socket);
    if (refused) return refused;
    const valid = await validateEvent(payload, PushUnsubscribeDto, SUBSCRIPTION_MAX_DEPTH);
    if ('error' in valid) return { ok: false, error: valid.error };
    return this.push.unsubscribe(socket.data.username, valid.value.endpoint);
  }

  private async overLimit(socket: InboxSocket): Promise<PushSubscriptionResult | undefined> {
    const overLimit = await this.limits.event(socket.id);
    return overLimit && { ok: false, error: describeLimitExceeded(overLimit, this.eventRate) };
  }
}
