import { Global, Module } from '@nestjs/common';
import { SignInLinksController } from './sign-in-links.controller';
import { SignInTokens } from './sign-in-tokens.service';

/** Verified sign-in (`SIGN_IN_MODE=link`): links for senders to hand out, and their tokens. */
@Global()
@Module({
  controllers: [SignInLinksController],
  providers: [SignInTokens],
  exports: [SignInTokens],
})
export class SignInModule {}
