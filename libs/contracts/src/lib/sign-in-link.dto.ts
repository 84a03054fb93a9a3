import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import type { SignInLinkRequest } from './sign-in';
import { USERNAME_MAX_LENGTH, USERNAME_PATTERN, USERNAME_RULE_DESCRIPTION } from './username';

/** What a sender POSTs to `/sign-in-links`, as the API enforces it. */
export class SignInLinkDto implements SignInLinkRequest {
  @IsString()
  @IsNotEmpty()
  @MaxLength(USERNAME_MAX_LENGTH)
  @Matches(USERNAME_PATTERN, { message: `username: ${USERNAME_RULE_DESCRIPTION}` })
  username!: string;
}
