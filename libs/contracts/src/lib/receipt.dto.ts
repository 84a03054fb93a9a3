import { IsIn, IsISO8601, IsOptional, IsString, IsUUID } from 'class-validator';
import {
  Receipt,
  RECEIPT_EVENTS,
  RECEIPT_REJECTION_REASONS,
  ReceiptEvent,
  ReceiptRejectionReason,
} from './receipt';

/**
 * `Receipt` as a class, so that the OpenAPI document describes the webhook's body from it;
 * `implements` keeps the two in step.
 */
export class ReceiptDto implements Receipt {
  /** `<messageId>.<event>`: the same on every attempt, for dropping what comes again. */
  @IsString()
  id!: string;

  @IsIn(RECEIPT_EVENTS)
  event!: ReceiptEvent;

  /** The id the `202` answer gave the message. */
  @IsUUID()
  messageId!: string;

  @IsString()
  sender!: string;

  /** The normalised (lower-case) username. */
  @IsString()
  receiver!: string;

  /** When it happened, not when the receipt was sent. */
  @IsISO8601()
  at!: string;

  /** With `rejected` only: why. */
  @IsOptional()
  @IsIn(RECEIPT_REJECTION_REASONS)
  reason?: ReceiptRejectionReason;
}
