/** A person's queue holds as many messages as it may: nothing more is taken until they read. */
export class InboxFullError extends Error {
  constructor(
    readonly receiver: string,
    readonly maxMessages: number,
  ) {
    super(`the inbox holds ${maxMessages} messages, the most it may`);
    this.name = 'InboxFullError';
  }
}
