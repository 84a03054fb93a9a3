import {
  BadRequestException,
  Injectable,
  NestMiddleware,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/**
 * Refuses bodies that are not JSON with `415` (instead of reading them as empty) and JSON
 * that is not an object with a plain `400` (instead of one error per array element).
 */
@Injectable()
export class JsonObjectBodyMiddleware implements NestMiddleware {
  use(request: Request, _response: Response, next: NextFunction): void {
    if (!request.is('application/json')) {
      throw new UnsupportedMediaTypeException(
        `Content-Type must be application/json, not ${request.headers['content-type'] ?? 'missing'}`,
      );
    }
    const body: unknown = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new BadRequestException('the request body must be a JSON object');
    }
    next();
  }
}
