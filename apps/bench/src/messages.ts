import { randomBytes } from 'node:crypto';

/** An ACMESky-sized body, as the real sender writes them (about 80 characters). */
export function offerBody(code: string): string {
  return `Il tuo codice offerta è: ${code}. Affrettati, sarà valido per sole 24 ore!`;
}

/** A prefix no earlier run used, so that every run starts on empty queues. */
export function runPrefix(): string {
  return `bench-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** The queue the API keeps for a user (the topology of the design notes). */
export function inboxQueueOf(username: string): string {
  return `prontogram.inbox.${username}`;
}

/** Cycles through `receivers`, handing out the JSON of one `POST /messages` each call. */
export function requestBodies(receivers: string[]): () => string {
  let next = 0;
  return () => {
    const receiver = receivers[next++ % receivers.length];
    return JSON.stringify({ sender: 'ACMESky', receiver, body: offerBody(`B${next}`) });
  };
}
