import { Controller, Get, NotFoundException } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PUSH_PUBLIC_KEY_ROUTE, PushPublicKey } from '@prontogram/contracts';
import { PushNotifier } from './push-notifier.service';

@ApiTags('notifications')
@Controller()
export class PushController {
  constructor(private readonly push: PushNotifier) {}

  @Get(PUSH_PUBLIC_KEY_ROUTE)
  @ApiOkResponse({ description: "The server's VAPID public key, for pages to subscribe with" })
  @ApiNotFoundResponse({ description: 'Notifications are off on this server' })
  publicKey(): PushPublicKey {
    const publicKey = this.push.publicKey;
    if (!publicKey) throw new NotFoundException('notifications are off on this server');
    return { publicKey };
  }
}
