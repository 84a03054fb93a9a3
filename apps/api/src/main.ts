import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createApp } from './app.setup';
import type { Environment } from './config/environment';
import { OPENAPI_PATH } from './openapi/openapi';

async function bootstrap(): Promise<void> {
  const app = await createApp();
  const config = app.get<ConfigService<Environment, true>>(ConfigService);
  const host = config.get('HOST', { infer: true });
  await app.listen({ port: config.get('PORT', { infer: true }), host });
  // PORT=0 picks a free port: report the one actually bound.
  const { port } = app.getHttpServer().address() as AddressInfo;
  const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`;
  Logger.log(`ProntoGram is listening on ${url}`, 'Bootstrap');
  Logger.log(`OpenAPI page: ${url}/${OPENAPI_PATH}`, 'Bootstrap');
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
