import { EventEmitter } from 'node:events';
import type { AmqpConnection } from '@golevelup/nestjs-rabbitmq';
import { BrokerFlow } from './broker-flow.service';

function flowOn(manager: EventEmitter & { connected: boolean }): BrokerFlow {
  const managedConnection = Object.assign(manager, { isConnected: () => manager.connected });
  const flow = new BrokerFlow({ managedConnection } as unknown as AmqpConnection);
  flow.onModuleInit();
  return flow;
}

describe('BrokerFlow', () => {
  it('refuses while RabbitMQ blocks the connection, with its reason, and not after', () => {
    const manager = Object.assign(new EventEmitter(), { connected: true });
    const flow = flowOn(manager);
    expect(flow.refusal).toBeUndefined();

    manager.emit('blocked', { reason: 'low on disk' });
    expect(flow.refusal).toBe('RabbitMQ blocks publishing: low on disk');

    manager.emit('unblocked');
    expect(flow.refusal).toBeUndefined();
  });

  it('forgets a block with the connection it belonged to, and refuses while disconnected', () => {
    const manager = Object.assign(new EventEmitter(), { connected: true });
    const flow = flowOn(manager);
    manager.emit('blocked', {});
    expect(flow.refusal).toBe('RabbitMQ blocks publishing: no reason given');

    manager.connected = false;
    manager.emit('disconnect', { err: new Error('gone') });
    expect(flow.refusal).toBe('not connected to RabbitMQ');

    manager.connected = true;
    expect(flow.refusal).toBeUndefined();
  });
});
