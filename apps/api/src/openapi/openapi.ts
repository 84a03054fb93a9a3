import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SchemaObject, SwaggerModule } from '@nestjs/swagger';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { receiptWebhook } from './receipt-webhook';

export const OPENAPI_PATH = 'api';

/**
 * Serves the OpenAPI document (`/api-json`) and its page (`/api`). The schemas are
 * generated from the class-validator rules of the shared contracts, so the document cannot
 * drift from what the API enforces.
 */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('ProntoGram')
    .setDescription(
      'Delivers short messages from trusted services to people reading them in a web page. ' +
        'A 202 means RabbitMQ has durably stored the message for its receiver.',
    )
    .setVersion('1.0.0')
    // 3.1, for its `webhooks`: the receipts ProntoGram POSTs to senders.
    .setOpenAPIVersion('3.1.0')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components = {
    ...document.components,
    schemas: {
      ...document.components?.schemas,
      ...(validationMetadatasToSchemas() as Record<string, SchemaObject>),
    },
  };
  document.webhooks = { receipt: receiptWebhook() };
  SwaggerModule.setup(OPENAPI_PATH, app, document);
}
