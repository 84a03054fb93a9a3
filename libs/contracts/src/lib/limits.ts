/** Size limits of what crosses the wire. The page and the API share them. */
export const MESSAGE_LIMITS = {
  /** Characters of a message body: ProntoGram carries short messages. */
  bodyMaxLength: 4000,
  /** Characters of the sender's name. */
  senderMaxLength: 128,
  /** The longest lifetime any server accepts a request for; each server may set a lower one. */
  ttlSecondsCeiling: 365 * 24 * 60 * 60,
  /** Characters of an `Idempotency-Key` header (visible ASCII). */
  idempotencyKeyMaxLength: 255,
} as const;
