import { Injectable, Logger } from '@nestjs/common';
import { InboxServer, personRoom } from './inbox-server';

/** How long other instances have to say how many pages they hold. */
const COUNT_TIMEOUT_MS = 1000;

/** Where a person's pages are open: asked of every instance through the Redis adapter. */
@Injectable()
export class InboxPresence {
  private readonly logger = new Logger(InboxPresence.name);
  private server: InboxServer | undefined;

  /** The gateway gives its server once it exists. */
  attach(server: InboxServer): void {
    this.server = server;
  }

  /**
   * Pages of this person open now, on every instance, or on this one alone while the others
   * cannot be asked (Redis away, an instance slow to answer).
   */
  async pagesOpen(username: string): Promise<number> {
    const server = this.server;
    if (!server) return 0;
    const room = personRoom(username);
    try {
      return (await server.in(room).timeout(COUNT_TIMEOUT_MS).fetchSockets()).length;
    } catch (error) {
      this.logger.warn(`Counted pages on this instance only: ${(error as Error).message}`);
      return (await server.local.in(room).fetchSockets()).length;
    }
  }
}
