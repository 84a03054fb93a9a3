import {
  Body,
  Controller,
  Headers,
  HttpCode,
  HttpStatus,
  Post,
  Req,
  UseGuards,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { MessageAccepted } from '@prontogram/contracts';
import { EXAMPLE_ACCEPTED, SendMessageDto } from '@prontogram/contracts';
import { sendMessageExamples } from '../openapi/schemas';
import { SendLimitsGuard } from '../limits/send-limits.guard';
import { SenderKeyGuard, SenderRequest } from '../senders/sender-key.guard';
import { MessagesService } from './messages.service';

@ApiTags('messages')
@ApiBearerAuth()
@Controller('messages')
// The key first: the limits count per key, and a request without one costs only a hash.
@UseGuards(SenderKeyGuard, SendLimitsGuard)
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'A key of your own per message (a UUID, say). Retrying with the same key and body returns ' +
      'the same message and id, and never makes a person see it twice.',
  })
  @ApiBody({
    schema: { $ref: '#/components/schemas/SendMessageDto' },
    examples: sendMessageExamples,
  })
  @ApiAcceptedResponse({
    description: "RabbitMQ has confirmed the message into the receiver's durable queue",
    schema: { $ref: '#/components/schemas/MessageAcceptedDto' },
    example: EXAMPLE_ACCEPTED,
  })
  @ApiBadRequestResponse({
    description: 'Malformed JSON, or fields that break the rules (each named)',
  })
  @ApiUnauthorizedResponse({ description: 'No sender key, or one this API does not know' })
  @ApiForbiddenResponse({ description: 'The sender key may not send under this sender name' })
  @ApiConflictResponse({
    description:
      "The receiver's inbox is full (it holds INBOX_MAX_MESSAGES unread messages): nothing was " +
      'accepted, and nothing queued was dropped. Or: a request with the same Idempotency-Key ' +
      'is still being processed',
  })
  @ApiTooManyRequestsResponse({
    description: 'Over a rate limit (per sender key, or per address); see Retry-After',
  })
  @ApiUnprocessableEntityResponse({
    description: 'The Idempotency-Key was already used with a different request',
  })
  @ApiPayloadTooLargeResponse({
    description: 'The request body is larger than the configured limit',
  })
  @ApiUnsupportedMediaTypeResponse({ description: 'The request body is not application/json' })
  @ApiServiceUnavailableResponse({
    description:
      'RabbitMQ is away or did not confirm in time; nothing was accepted. See Retry-After',
  })
  send(
    @Body() request: SendMessageDto,
    @Req() http: SenderRequest,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<MessageAccepted> {
    return this.messages.accept(request, {
      idempotencyKey,
      requestId: http.id,
      senderKey: http.sender?.keyName ?? undefined,
    });
  }
}
