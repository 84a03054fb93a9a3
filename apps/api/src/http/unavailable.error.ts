/** A service the API depends on is away: the client should retry later (503, Retry-After). */
export abstract class UnavailableError extends Error {
  /**
   * @param service what is away, for the log: "RabbitMQ", "Redis"
   * @param reason why, for the log
   * @param publicMessage what the client is told; the details go to the log only
   */
  constructor(
    service: string,
    reason: string,
    readonly publicMessage: string,
    options?: { cause?: unknown },
  ) {
    super(`${service} is not available: ${reason}`, options);
    this.name = new.target.name;
  }
}
