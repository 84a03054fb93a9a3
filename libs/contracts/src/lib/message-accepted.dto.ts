import { IsISO8601, IsString, IsUUID } from 'class-validator';
import type { MessageAccepted } from './message';

/**
 * `MessageAccepted` as a class, so that the OpenAPI document generates the schema of the
 * `202` answer from it; `implements` keeps the two in step.
 */
export class MessageAcceptedDto implements MessageAccepted {
  /** Time-ordered UUIDv7. */
  @IsUUID()
  id!: string;

  /** The normalised (lower-case) username. */
  @IsString()
  receiver!: string;

  @IsISO8601()
  sentAt!: string;

  /** After this instant the message is never shown. */
  @IsISO8601()
  expiresAt!: string;
}
