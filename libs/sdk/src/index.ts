export * from './lib/client';
export * from './lib/errors';
export type { PeekInboxOptions } from './lib/peek-inbox';
export * from './lib/receipts';
export { type Clock, DEFAULT_RETRY_POLICY, type RetryPolicy } from './lib/retry';
// The wire shapes the SDK takes and gives, so that its users need no second import.
export type {
  ErrorCode,
  InboxMessage,
  MessageAccepted,
  Receipt,
  ReceiptEvent,
  SendMessage,
} from '@prontogram/contracts/wire';
