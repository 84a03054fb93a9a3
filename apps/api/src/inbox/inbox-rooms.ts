import type { InboxMessage } from '@prontogram/contracts';
import type { InboxOutlet } from './inbox-outlet';
import { InboxServer, personRoom } from './inbox-server';

/**
 * The inbox's outlet on Socket.IO rooms: one room per person. With the Redis adapter a room
 * spans every instance, and a page's own room (its socket id) reaches it wherever it is.
 */
export class InboxRooms implements InboxOutlet {
  constructor(private readonly server: InboxServer) {}

  deliver(username: string, messages: InboxMessage[], sessionId?: string): void {
    this.server.to(sessionId ?? personRoom(username)).emit('inbox:messages', messages);
  }

  viewed(username: string, ids: string[], exceptSessionId?: string): void {
    this.server
      .to(personRoom(username))
      .except(exceptSessionId ?? [])
      .emit('inbox:viewed', ids);
  }

  expired(username: string, ids: string[]): void {
    this.server.to(personRoom(username)).emit('inbox:expired', ids);
  }

  /** Pages of the person open on this instance. */
  pagesHere(username: string): number {
    return this.server.sockets.adapter.rooms.get(personRoom(username))?.size ?? 0;
  }
}
