import type {
  ExamplesObject,
  SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/** The requests the OpenAPI page offers to try. */
export const sendMessageExamples: ExamplesObject = {
  acmeSkyOffer: {
    summary: 'An ACMESky offer code, as the original client sends it',
    value: {
      sender: 'ACMESky',
      receiver: 'mario.rossi',
      body: 'Il tuo codice offerta è: ABC123. Affrettati, sarà valido per sole 24 ore!',
    },
  },
  withLifetime: {
    summary: 'With send_time and a one-hour lifetime',
    value: {
      sender: 'ACMESky',
      receiver: 'mario.rossi',
      body: 'Offer XYZ789 ends in one hour.',
      send_time: '2026-11-28T09:30:00Z',
      ttlSeconds: 3600,
    },
  },
};

const isoInstant: SchemaObject = { type: 'string', format: 'date-time' };

/** Mirrors `MessageAccepted` of the contracts library. */
export const messageAcceptedSchema: SchemaObject = {
  type: 'object',
  required: ['id', 'receiver', 'sentAt', 'expiresAt'],
  properties: {
    id: { type: 'string', format: 'uuid', description: 'Time-ordered UUIDv7' },
    receiver: { type: 'string', description: 'The normalised (lower-case) username' },
    sentAt: isoInstant,
    expiresAt: { ...isoInstant, description: 'After this instant the message is never shown' },
  },
  example: {
    id: '019ac8e4-5b8e-7a31-9d3c-2f4a6c1e8b90',
    receiver: 'mario.rossi',
    sentAt: '2026-11-28T09:30:00.000Z',
    expiresAt: '2026-11-29T09:30:00.000Z',
  },
};
