import { RECEIPTS_WANTED_HEADER, SENDER_KEY_HEADER } from './inbox-topology';

/** Who sent a message, as its AMQP headers carry it from the POST to whoever sees it. */
export interface MessageOrigin {
  /** The name of the sender key it came with. */
  senderKey?: string;
  /**
   * Whether that key had a webhook when the message was accepted. Decided once, there: an
   * instance that sees the message later (displayed, expired) makes its receipts even if its
   * own SENDER_KEYS differ. Absent on messages accepted before it was carried.
   */
  receipts?: boolean;
}

/** The headers that carry `origin`. */
export function originHeaders({ senderKey, receipts }: MessageOrigin): Record<string, unknown> {
  if (senderKey === undefined) return {};
  return {
    [SENDER_KEY_HEADER]: senderKey,
    ...(receipts === undefined ? {} : { [RECEIPTS_WANTED_HEADER]: receipts }),
  };
}

/** The origin a message's headers carry; whatever is missing or malformed is left out. */
export function readOrigin(headers: Record<string, unknown> | undefined): MessageOrigin {
  const senderKey = headers?.[SENDER_KEY_HEADER];
  const receipts = headers?.[RECEIPTS_WANTED_HEADER];
  return {
    ...(typeof senderKey === 'string' ? { senderKey } : {}),
    ...(typeof receipts === 'boolean' ? { receipts } : {}),
  };
}
