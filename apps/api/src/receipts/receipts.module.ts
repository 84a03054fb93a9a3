import { Module } from '@nestjs/common';
import { ReceiptsService } from './receipts.service';
import { WebhookClient } from './webhook-client';

/** Receipts for senders: what became of their messages, POSTed to their webhooks. */
@Module({
  providers: [ReceiptsService, WebhookClient],
  exports: [ReceiptsService],
})
export class ReceiptsModule {}
