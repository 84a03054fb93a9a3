import { ArgumentMetadata, BadRequestException, ValidationPipe } from '@nestjs/common';
import { VALIDATION_OPTIONS } from './compiled-validation.pipe';
import { nestsDeeperThan } from './nesting';

/** Socket events are validated as HTTP bodies are: Nest's pipe, the same options. */
const EVENT_PIPE = new ValidationPipe(VALIDATION_OPTIONS);

/**
 * Reads a socket event's payload as a `metatype`, or says in words what is wrong with it.
 * A payload nested deeper than `maxDepth` is refused before anything walks it.
 */
export async function validateEvent<T extends object>(
  payload: unknown,
  metatype: new () => T,
  maxDepth: number,
): Promise<{ value: T } | { error: string }> {
  if (nestsDeeperThan(payload, maxDepth)) {
    return { error: `this event nests at most ${maxDepth} levels` };
  }
  const metadata: ArgumentMetadata = { type: 'body', metatype };
  try {
    return { value: (await EVENT_PIPE.transform(payload ?? {}, metadata)) as T };
  } catch (failure) {
    const answer = failure instanceof BadRequestException ? failure.getResponse() : undefined;
    const messages = (answer as { message?: string | string[] } | undefined)?.message;
    return { error: [messages ?? `not a valid ${metatype.name}`].flat().join('; ') };
  }
}
