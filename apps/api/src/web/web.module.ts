import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Logger, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ServeStaticModule } from '@nestjs/serve-static';
import type { Environment } from '../config/environment';

/** Paths that belong to the API; every other GET falls back to the page. */
const API_ROUTES = ['/api{/*rest}', '/messages{/*rest}', '/health{/*rest}', '/socket.io{/*rest}'];

/** Serves the built Angular page on the API's own port, when it has been built. */
@Module({
  imports: [
    ServeStaticModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) => {
        const rootPath = config.get('WEB_ROOT', { infer: true });
        if (!existsSync(path.join(rootPath, 'index.html'))) {
          new Logger('WebModule').warn(`No page at ${rootPath}: build it with "npx nx build web"`);
          return [];
        }
        return [
          {
            rootPath,
            exclude: API_ROUTES,
            serveStaticOptions: {
              // Bundles carry a content hash in their names; index.html must always be fresh.
              setHeaders: (response, file) =>
                response.setHeader(
                  'Cache-Control',
                  file.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
                ),
            },
          },
        ];
      },
    }),
  ],
})
export class WebModule {}
