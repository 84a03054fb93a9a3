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

const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;
const ENDPOINT_MAX_LENGTH = 2048;

export class PushSubscriptionKeysDto {
  /** An uncompressed P-256 point: 65 bytes, 87 characters of base64url. */
  @IsString()
  @Matches(BASE64URL)
  @MaxLength(100)
  p256dh!: string;

  /** 16 bytes: 22 characters of base64url. */
  @IsString()
  @Matches(BASE64URL)
  @MaxLength(32)
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
