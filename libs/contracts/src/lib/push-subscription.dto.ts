import { Type } from 'class-transformer';
import {
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import type { PushUnsubscribe, WebPushSubscription } from './push';

const ENDPOINT_MAX_LENGTH = 2048;

export class PushSubscriptionKeysDto {
  /** An uncompressed P-256 point: 65 bytes, 87 characters of base64url. */
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{87}=?$/, { message: 'keys.p256dh must be 65 bytes in base64url' })
  p256dh!: string;

  /** 16 bytes: 22 characters of base64url. */
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{22}(==)?$/, { message: 'keys.auth must be 16 bytes in base64url' })
  auth!: string;
}

/** The rules of `push:subscribe`, as the API enforces them. */
export class PushSubscriptionDto implements WebPushSubscription {
  @IsUrl({ protocols: ['https'], require_protocol: true, require_tld: false })
  @MaxLength(ENDPOINT_MAX_LENGTH)
  endpoint!: string;

  @IsOptional()
  @IsNumber()
  expirationTime?: number | null;

  @IsObject()
  @ValidateNested()
  @Type(() => PushSubscriptionKeysDto)
  keys!: PushSubscriptionKeysDto;
}

/** The rules of `push:unsubscribe`. */
export class PushUnsubscribeDto implements PushUnsubscribe {
  @IsString()
  @MaxLength(ENDPOINT_MAX_LENGTH)
  endpoint!: string;
}
