import { signal } from '@angular/core';
import type {
  DisplayedReportResult,
  PushSubscriptionResult,
  WebPushSubscription,
} from '@prontogram/contracts/wire';
import { type ConnectionStatus, InboxEventStreams } from '../app/inbox/inbox-connection.service';

/**
 * InboxConnectionService as a spec plays it: it pushes the server's events into the
 * subjects and sets the status; what the page asks of the connection is recorded, and every
 * report is answered as deleted unless the spec says otherwise.
 */
export class FakeInboxConnection extends InboxEventStreams {
  readonly status = signal<ConnectionStatus>('offline');
  readonly connect = jest.fn<void, [string, string?]>();
  readonly disconnect = jest.fn<void, []>();
  readonly report = jest
    .fn<Promise<DisplayedReportResult>, [string[]]>()
    .mockImplementation(async (ids) => ({ deleted: ids, unknown: [] }));
  readonly subscribePush = jest
    .fn<Promise<PushSubscriptionResult>, [WebPushSubscription]>()
    .mockResolvedValue({ ok: true });
  readonly unsubscribePush = jest
    .fn<Promise<PushSubscriptionResult>, [string]>()
    .mockResolvedValue({ ok: true });
}
