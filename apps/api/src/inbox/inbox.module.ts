import { Module } from '@nestjs/common';
import { HandshakeGate } from './handshake-gate';
import { InboxGateway } from './inbox.gateway';
import { InboxService } from './inbox.service';

@Module({
  providers: [InboxGateway, InboxService, HandshakeGate],
})
export class InboxModule {}
