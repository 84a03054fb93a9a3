import {
  Body,
  Controller,
  HttpCode,
  HttpStatus,
  NotFoundException,
  Post,
  Req,
  UseGuards,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import {
  normaliseUsername,
  SIGN_IN_LINK_PATH,
  SignInLink,
  SignInLinkDto,
} from '@prontogram/contracts';
import type { FastifyRequest } from 'fastify';
import type { Environment } from '../config/environment';
import { SendLimitsGuard } from '../limits/send-limits.guard';
import { SenderKeyGuard } from '../senders/sender-key.guard';
import { SignInTokens } from './sign-in-tokens.service';

export const SIGN_IN_LINKS_ROUTE = '/sign-in-links';

@ApiTags('sign-in')
@ApiBearerAuth()
@Controller(SIGN_IN_LINKS_ROUTE)
@UseGuards(SenderKeyGuard, SendLimitsGuard)
export class SignInLinksController {
  private readonly publicUrl: string;

  constructor(
    private readonly tokens: SignInTokens,
    config: ConfigService<Environment, true>,
  ) {
    this.publicUrl = config.get('PUBLIC_URL', { infer: true }).replace(/\/+$/, '');
  }

  /**
   * A signed link that signs one person in, for a sender to hand them (by e-mail, say). The
   * token travels in the link's fragment, which browsers never send to a server.
   */
  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiCreatedResponse({ description: 'The link, and until when it can be opened' })
  @ApiBadRequestResponse({ description: 'The username breaks the rule' })
  @ApiUnauthorizedResponse({ description: 'No sender key, or one this API does not know' })
  @ApiNotFoundResponse({ description: 'Sign-in links are off here (no SIGN_IN_KEYS)' })
  @ApiTooManyRequestsResponse({ description: 'Over a rate limit; see Retry-After' })
  async create(@Body() request: SignInLinkDto, @Req() http: FastifyRequest): Promise<SignInLink> {
    if (!this.tokens.enabled) {
      throw new NotFoundException('sign-in links are off here: the API has no SIGN_IN_KEYS');
    }
    const username = normaliseUsername(request.username);
    const { token, expiresAt } = await this.tokens.issue(username, 'link');
    const base = this.publicUrl || `${http.protocol}://${http.host}`;
    return {
      url: `${base}${SIGN_IN_LINK_PATH}#token=${token}`,
      username,
      expiresAt: expiresAt.toISOString(),
    };
  }
}
