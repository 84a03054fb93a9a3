import { Body, Controller, Headers, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiHeader,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { MessageAccepted } from '@prontogram/contracts';
import { SendMessageDto } from '@prontogram/contracts';
import { messageAcceptedSchema, sendMessageExamples } from '../openapi/schemas';
import { MessagesService } from './messages.service';

@ApiTags('messages')
@Controller('messages')
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
    schema: messageAcceptedSchema,
  })
  @ApiBadRequestResponse({
    description: 'Malformed JSON, or fields that break the rules (each named)',
  })
  @ApiConflictResponse({
    description: 'A request with the same Idempotency-Key is still being processed',
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
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<MessageAccepted> {
    return this.messages.accept(request, idempotencyKey);
  }
}
