import { Module } from '@nestjs/common';
import { ReceiptsModule } from '../receipts/receipts.module';
import { HandshakeGate } from './handshake-gate';
import { InboxPresence } from './inbox-presence';
import { InboxGateway } from './inbox.gateway';
import { InboxService } from './inbox.service';

@Module({
  imports: [ReceiptsModule],
  providers: [InboxGateway, InboxService, HandshakeGate, InboxPresence],
  exports: [InboxPresence],
})
export class InboxModule {}
