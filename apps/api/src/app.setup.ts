import helmet from '@fastify/helmet';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { Logger, PinoLogger } from 'nestjs-pino';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { ClusterIoAdapter } from './cluster/cluster-io.adapter';
import { RedisLink } from './cluster/redis-link.service';
import type { Environment } from './config/environment';
import { AllowedOrigins } from './http/allowed-origins';
import { TrustProxy, trustProxyFrom } from './http/client-address';
import { registerJsonBody } from './http/json-body';
import { answerWithRequestIds, requestIdFor } from './logging/request-id';
import { logRequests } from './logging/request-log';
import { countSendAnswers } from './metrics/http-metrics';
import { Metrics } from './metrics/metrics';
import { setupOpenApi } from './openapi/openapi';
import { CompiledValidationPipe } from './validation/compiled-validation.pipe';
import { SIGN_IN_LINKS_ROUTE } from './sign-in/sign-in-links.controller';
import { servePage } from './web/serve-page';

/**
 * Builds the API as `main.ts` runs it. Fastify, not Express: it answers `POST /messages`
 * with about half the CPU per request (docs/performance.md has the figures).
 */
export async function createApp(): Promise<NestFastifyApplication> {
  // Fastify is made before the configuration is read: it asks this, which asks TRUST_PROXY.
  let trustProxy: TrustProxy = () => false;
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule,
    new FastifyAdapter({
      // On shutdown, keep-alive connections (a page polling to reconnect keeps one busy
      // forever) must not hold the process open.
      forceCloseConnections: true,
      trustProxy: (address: string, hop: number) => trustProxy(address, hop),
      genReqId: requestIdFor,
      requestIdHeader: false,
    }),
    {
      // JSON bodies are read by http/json-body.ts, with its own limits and errors.
      bodyParser: false,
      bufferLogs: true,
      // Let a bad configuration reach main.ts, which says what is wrong without a stack.
      abortOnError: false,
    },
  );
  const config = app.get<ConfigService<Environment, true>>(ConfigService);
  app.useLogger(app.get(Logger));
  trustProxy = trustProxyFrom(config.get('TRUST_PROXY', { infer: true }));
  const origins = new AllowedOrigins(config.get('ALLOWED_ORIGINS', { infer: true }));
  // Same origin only, unless other sites' pages are listed.
  if (origins.extra.length > 0) app.enableCors({ origin: origins.extra, methods: ['POST'] });
  await app.register(helmet, {
    // The page's policy carries a nonce per answer: web/serve-page.ts sets it.
    contentSecurityPolicy: false,
    frameguard: { action: 'deny' },
  });
  registerJsonBody(
    app.getHttpAdapter().getInstance(),
    ['/messages', SIGN_IN_LINKS_ROUTE],
    config.get('HTTP_BODY_LIMIT_BYTES', { infer: true }),
  );
  answerWithRequestIds(app.getHttpAdapter().getInstance());
  logRequests(app.getHttpAdapter().getInstance(), (await app.resolve(PinoLogger)).logger);
  countSendAnswers(app.getHttpAdapter().getInstance(), app.get(Metrics));
  app.useGlobalPipes(new CompiledValidationPipe());
  app.useWebSocketAdapter(new ClusterIoAdapter(app, app.get(RedisLink), origins));
  app.enableShutdownHooks();
  setupOpenApi(app);
  await servePage(app, config.get('WEB_ROOT', { infer: true }));
  return app;
}
