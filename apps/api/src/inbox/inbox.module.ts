import { Module } from '@nestjs/common';
import { InboxGateway } from './inbox.gateway';
import { InboxService } from './inbox.service';

@Module({
  providers: [InboxGateway, InboxService],
})
export class InboxModule {}
