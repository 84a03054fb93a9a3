import { UnavailableError } from '../http/unavailable.error';

/** RabbitMQ could not take or confirm a message: the client should retry later. */
export class BrokerUnavailableError extends UnavailableError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(
      'RabbitMQ',
      reason,
      'The message was not accepted: the message broker is unavailable, retry later',
      options,
    );
  }
}
