import { signal } from '@angular/core';
import type { DisplayedReportResult, InboxMessage, SessionToken } from '@prontogram/contracts/wire';
import { Subject } from 'rxjs';
import type { ConnectionStatus } from '../app/inbox/inbox-connection.service';

/**
 * InboxConnectionService as a spec plays it: it pushes the server's events into the
 * subjects and sets the status; what the page asks of the connection is recorded, and every
 * report is answered as deleted unless the spec says otherwise.
 */
export class FakeInboxConnection {
  readonly status = signal<ConnectionStatus>('offline');
  readonly messages$ = new Subject<InboxMessage[]>();
  readonly viewed$ = new Subject<string[]>();
  readonly expired$ = new Subject<string[]>();
  readonly refused$ = new Subject<string>();
  readonly connected$ = new Subject<void>();
  readonly session$ = new Subject<SessionToken>();
  readonly connect = jest.fn<void, [string, string?]>();
  readonly disconnect = jest.fn<void, []>();
  readonly report = jest
    .fn<Promise<DisplayedReportResult>, [string[]]>()
    .mockImplementation(async (ids) => ({ deleted: ids, unknown: [] }));
}
