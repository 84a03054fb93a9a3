import { Global, Module } from '@nestjs/common';
import { SenderKeyGuard } from './sender-key.guard';
import { SenderKeys } from './sender-keys.service';

/** Who may send: the sender keys, and the guard that asks for one. */
@Global()
@Module({
  providers: [SenderKeys, SenderKeyGuard],
  exports: [SenderKeys, SenderKeyGuard],
})
export class SendersModule {}
