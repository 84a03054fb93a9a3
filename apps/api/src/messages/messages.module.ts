import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { JsonBodyMiddleware } from './json-body.middleware';
import { MessagesController } from './messages.controller';
import { MessagesService } from './messages.service';

@Module({
  controllers: [MessagesController],
  providers: [MessagesService],
})
export class MessagesModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(JsonBodyMiddleware).forRoutes({ path: 'messages', method: RequestMethod.POST });
  }
}
