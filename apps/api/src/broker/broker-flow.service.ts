import { AmqpConnection } from '@golevelup/nestjs-rabbitmq';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';

/**
 * Whether RabbitMQ takes new messages from us now. Under a memory or disk alarm it blocks
 * publishing connections (`connection.blocked`): it stops reading from them, so a message
 * published then waits inside the broker and is stored when the alarm clears, long after its
 * POST was answered 503 and its sender retried. While blocked we publish nothing.
 */
@Injectable()
export class BrokerFlow implements OnModuleInit {
  private readonly logger = new Logger(BrokerFlow.name);
  private blockedBecause: string | undefined;

  constructor(private readonly amqp: AmqpConnection) {}

  onModuleInit(): void {
    const manager = this.amqp.managedConnection;
    manager.on('blocked', ({ reason }: { reason?: string }) => {
      this.blockedBecause = reason || 'no reason given';
      this.logger.warn(
        `RabbitMQ blocks publishing (${this.blockedBecause}); POST /messages answers 503 until it lifts`,
      );
    });
    manager.on('unblocked', () => {
      if (this.blockedBecause) this.logger.log('RabbitMQ takes messages again');
      this.blockedBecause = undefined;
    });
    // A block belongs to one connection; a new one starts unblocked.
    manager.on('disconnect', () => (this.blockedBecause = undefined));
  }

  /** Why RabbitMQ cannot take a message now, or `undefined` when it can. */
  get refusal(): string | undefined {
    if (!this.amqp.managedConnection.isConnected()) return 'not connected to RabbitMQ';
    if (this.blockedBecause) return `RabbitMQ blocks publishing: ${this.blockedBecause}`;
    return undefined;
  }
}
