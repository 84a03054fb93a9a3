import {
  BadRequestException,
  HttpException,
  Injectable,
  NestMiddleware,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { json } from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Environment } from '../config/environment';

/**
 * Reads a JSON object body, or answers the client's mistake itself: `415` for a body that
 * is not JSON, `413` past the size limit, `400` for malformed JSON or JSON that is not an
 * object. Parsing here, inside Nest, keeps those answers out of reach of the static page's
 * fallback handler.
 */
@Injectable()
export class JsonBodyMiddleware implements NestMiddleware {
  private readonly parse: RequestHandler;
  private readonly limitBytes: number;

  constructor(config: ConfigService<Environment, true>) {
    this.limitBytes = config.get('HTTP_BODY_LIMIT_BYTES', { infer: true });
    this.parse = json({ limit: this.limitBytes, strict: false });
  }

  async use(request: Request, response: Response, next: NextFunction): Promise<void> {
    if (!request.is('application/json')) {
      throw new UnsupportedMediaTypeException(
        `Content-Type must be application/json, not ${request.headers['content-type'] ?? 'missing'}`,
      );
    }
    await new Promise<void>((resolve, reject) =>
      this.parse(request, response, (error?: unknown) =>
        error ? reject(this.clientError(error)) : resolve(),
      ),
    );
    const body: unknown = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new BadRequestException('the request body must be a JSON object');
    }
    next();
  }

  private clientError(error: unknown): HttpException {
    const { type, message } = error as { type?: string; message?: string };
    switch (type) {
      case 'entity.too.large':
        return new PayloadTooLargeException(
          `the request body is larger than the limit of ${this.limitBytes} bytes`,
        );
      case 'entity.parse.failed':
        return new BadRequestException(`malformed JSON: ${message}`);
      case 'charset.unsupported':
      case 'encoding.unsupported':
        return new UnsupportedMediaTypeException(message);
      default:
        return new BadRequestException(message ?? 'the request body could not be read');
    }
  }
}
