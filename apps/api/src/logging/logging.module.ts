import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import type { Environment } from '../config/environment';
import { logParams } from './log-options';

/** Structured logs with pino (`log-options.ts`), set from the validated configuration. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) =>
        logParams({
          LOG_LEVEL: config.get('LOG_LEVEL', { infer: true }),
          LOG_FORMAT: config.get('LOG_FORMAT', { infer: true }),
          LOG_RECEIVERS: config.get('LOG_RECEIVERS', { infer: true }),
          LOG_HASH_SECRET: config.get('LOG_HASH_SECRET', { infer: true }),
          NODE_ENV: config.get('NODE_ENV', { infer: true }),
        }),
    }),
  ],
})
export class LoggingModule {}
