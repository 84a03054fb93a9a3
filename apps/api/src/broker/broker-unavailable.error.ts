/** RabbitMQ could not take or confirm a message: the client should retry later. */
export class BrokerUnavailableError extends Error {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`RabbitMQ is not available: ${reason}`, options);
    this.name = 'BrokerUnavailableError';
  }
}
