import type { InboxClientToServerEvents, InboxServerToClientEvents } from '@prontogram/contracts';
import type { Server, Socket } from 'socket.io';

export interface SocketData {
  username: string;
  /** Signed in with a link's or a session's token (`SIGN_IN_MODE=link`). */
  throughLink: boolean;
}

/** What instances ask each other (Socket.IO's `serverSideEmit`, through Redis). */
export interface InboxPeerEvents {
  /** A page here reported ids this instance does not hold: whoever holds them acks them. */
  'inbox:displayed': (
    username: string,
    ids: string[],
    reporterId: string,
    answer: (deleted: string[]) => void,
  ) => void;
  /** A page opened here: whoever holds messages for the person sends them to it. */
  'inbox:replay': (username: string, sessionId: string) => void;
  /** Fan-out between instances was lost for a while: send every page what you hold. */
  'inbox:replay-all': () => void;
}

export type InboxServer = Server<
  InboxClientToServerEvents,
  InboxServerToClientEvents,
  InboxPeerEvents,
  SocketData
>;
export type InboxSocket = Socket<
  InboxClientToServerEvents,
  InboxServerToClientEvents,
  InboxPeerEvents,
  SocketData
>;

/** Every page of one person, on every instance, is in this room. */
export const personRoom = (username: string): string => `person:${username}`;
