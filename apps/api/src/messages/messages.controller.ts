import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
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
  @ApiPayloadTooLargeResponse({
    description: 'The request body is larger than the configured limit',
  })
  @ApiUnsupportedMediaTypeResponse({ description: 'The request body is not application/json' })
  @ApiServiceUnavailableResponse({
    description:
      'RabbitMQ is away or did not confirm in time; nothing was accepted. See Retry-After',
  })
  send(@Body() request: SendMessageDto): Promise<MessageAccepted> {
    return this.messages.accept(request);
  }
}
