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
  constructor(
    private readonly push: PushNotifier,
    private readonly limits: SocketLimits,
  ) {}

  @SubscribeMessage('push:subscribe')
  subscribe(
    @ConnectedSocket() socket: InboxSocket,
    @MessageBody() payload: unknown,
  ): Promise<PushSubscriptionResult> {
    return this.handle(socket, payload, PushSubscriptionDto, (subscription) =>
      this.push.subscribe(socket.data.username, subscription),
    );
  }

  @SubscribeMessage('push:unsubscribe')
  unsubscribe(
    @ConnectedSocket() socket: InboxSocket,
    @MessageBody() payload: unknown,
  ): Promise<PushSubscriptionResult> {
    return this.handle(socket, payload, PushUnsubscribeDto, ({ endpoint }) =>
      this.push.unsubscribe(socket.data.username, endpoint),
    );
  }

  /** Within the socket's event limit, with a payload that passes `metatype`'s rules. */
  private async handle<T extends object>(
    socket: InboxSocket,
    payload: unknown,
    metatype: new () => T,
    action: (value: T) => Promise<PushSubscriptionResult>,
  ): Promise<PushSubscriptionResult> {
    const overLimit = await this.limits.event(socket.id);
    if (overLimit) return { ok: false, error: describeLimitExceeded(overLimit) };
    const valid = await validateEvent(payload, metatype, SUBSCRIPTION_MAX_DEPTH);
    return 'error' in valid ? { ok: false, error: valid.error } : action(valid.value);
  }
}
