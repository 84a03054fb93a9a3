import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createApp } from './app.setup';
import type { Environment } from './config/environment';
import { OPENAPI_PATH } from './openapi/openapi';

async function bootstrap(): Promise<void> {
  const app = await createApp();
  const config = app.get<ConfigService<Environment, true>>(ConfigService);
  const port = config.get('PORT', { infer: true });
  const host = config.get('HOST', { infer: true });
  await app.listen(port, host);
  const shownHost = host === '0.0.0.0' ? 'localhost' : host;
  Logger.log(`ProntoGram is listening on http://${shownHost}:${port}`, 'Bootstrap');
  Logger.log(`OpenAPI page: http://${shownHost}:${port}/${OPENAPI_PATH}`, 'Bootstrap');
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
