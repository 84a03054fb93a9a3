import { Logger } from '@nestjs/common';
import type { RedisLink } from '../cluster/redis-link.service';
import type { InboxServer } from './inbox-server';
import type { InboxService } from './inbox.service';

/**
 * The requests one instance makes of the others, on Socket.IO's `serverSideEmit` through
 * the Redis adapter. With one instance (no `REDIS_URL`) there is nobody to ask.
 */
export class InboxPeers {
  private readonly logger = new Logger(InboxPeers.name);

  constructor(
    private readonly server: InboxServer,
    private readonly link: RedisLink,
    inbox: InboxService,
  ) {
    if (!link.enabled) return;
    server.on('inbox:displayed', (username, ids, reporterId, answer) => {
      void inbox.displayed(username, ids, reporterId).then((result) => answer(result.deleted));
    });
    server.on('inbox:replay', (username, sessionId) => inbox.replay(username, sessionId));
    server.on('inbox:replay-all', () => inbox.replayAll());
    // Back after an outage: what was pushed meanwhile reached only pages on its instance.
    link.recovered$.subscribe(() => {
      inbox.replayAll();
      this.server.serverSideEmit('inbox:replay-all');
    });
  }

  private get reachable(): boolean {
    return this.link.enabled && this.link.problem === undefined;
  }

  /**
   * Asks the other instances to ack `ids` reported by a page here; resolves with those
   * they deleted. An instance that does not answer within Socket.IO's five seconds (gone,
   * or Redis away) deletes nothing: its deliveries return to the queue and come again.
   */
  async displayed(username: string, ids: string[], reporterId: string): Promise<string[]> {
    if (!this.reachable || ids.length === 0) return [];
    const responses = await new Promise<string[][]>((resolve) => {
      const answer = (error: Error | null, partial: string[][]): void => {
        if (error) this.logger.warn(`A report went partly unanswered: ${error.message}`);
        resolve(partial ?? []);
      };
      // The adapter itself, not `server.serverSideEmitWithAck`: Redis failing under it
      // rejects the adapter's promise, which Socket.IO would leave unhandled.
      const adapter = this.server.of('/').adapter as unknown as {
        serverSideEmit(packet: unknown[]): Promise<void> | void;
      };
      Promise.resolve(
        adapter.serverSideEmit(['inbox:displayed', username, ids, reporterId, answer]),
      ).catch(() => resolve([]));
    });
    const asked = new Set(ids);
    return [...new Set(responses.flat())].filter((id) => asked.has(id));
  }

  /** A page of `username` opened here: whoever holds messages for them sends them to it. */
  replay(username: string, sessionId: string): void {
    if (this.reachable) this.server.serverSideEmit('inbox:replay', username, sessionId);
  }
}
