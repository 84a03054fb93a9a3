import {
  IsDateString,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { MESSAGE_LIMITS } from './limits';
import type { SendMessage } from './message';
import { USERNAME_MAX_LENGTH, USERNAME_PATTERN, USERNAME_RULE_DESCRIPTION } from './username';

/**
 * What a sending service POSTs to `/messages`. Wire-compatible with the original
 * `prontogram.v1.yaml` (`sender`, `receiver`, `body`, optional `send_time`), plus an
 * optional lifetime.
 */
export class SendMessageDto implements SendMessage {
  @IsString()
  @IsNotEmpty()
  @MaxLength(MESSAGE_LIMITS.senderMaxLength)
  sender!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(USERNAME_MAX_LENGTH)
  @Matches(USERNAME_PATTERN, { message: `receiver: ${USERNAME_RULE_DESCRIPTION}` })
  receiver!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(MESSAGE_LIMITS.bodyMaxLength)
  body!: string;

  /** When the sender says it sent the message; kept for the reader, never required. */
  @IsOptional()
  @IsDateString({ strict: true })
  send_time?: string;

  /**
   * How long the message may wait for its reader, in seconds. Longer than the server's
   * maximum is shortened to that maximum; absent means the server's default.
   */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MESSAGE_LIMITS.ttlSecondsCeiling)
  ttlSeconds?: number;
}
