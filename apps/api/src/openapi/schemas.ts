import type { ExamplesObject } from '@nestjs/swagger';

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
