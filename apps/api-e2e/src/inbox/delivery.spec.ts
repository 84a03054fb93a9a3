import { inboxQueueOf, queueCounts, send, sendInOrder, waitFor } from '@prontogram/e2e-support';
import { startApiForSuite } from '../support/api-suite';
import { InboxClient } from '../support/inbox-client';

describe('the inbox gateway, with the real RabbitMQ and socket.io-client', () => {
  const clients: InboxClient[] = [];
  const suite = startApiForSuite({ brokerProbe: true });
  const signIn = async (username: string): Promise<InboxClient> => {
    const client = await InboxClient.connect(suite.api.baseUrl, { username });
    clients.push(client);
    return client;
  };
  const queueStatus = (username: string) => suite.broker.queueStatus(inboxQueueOf(username));
  /**
   * Closes sessions of `username`, and once RabbitMQ has cancelled their consumer, what its
   * queue holds: what nobody reported.
   */
  const afterClosing = async (username: string, ...sessions: InboxClient[]) => {
    for (const session of sessions) session.close();
    await waitFor(
      () => queueStatus(username),
      (status) => status?.consumerCount === 0,
      { what: `no consumer left for ${username}` },
    );
    return queueStatus(username);
  };

  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  it('delivers everything sent while the user was away, oldest first, on sign-in', async () => {
    const username = suite.newUser('away');
    const accepted = await sendInOrder(suite.api, username, ['first', 'second', 'third', 'fourth']);

    const client = await signIn(username);
    const received = await client.waitForMessages(4);

    expect(received.map((message) => message.id)).toEqual(accepted.map((message) => message.id));
    expect(received.map((message) => message.body)).toEqual(['first', 'second', 'third', 'fourth']);
    expect(received[0]).toMatchObject({ sender: 'ACMESky', receiver: username });
  });

  it('delivers a message sent while the user is connected, live', async () => {
    const username = suite.newUser('live');
    const client = await signIn(username);

    const accepted = await send(suite.api, username, 'hot offer');

    await client.waitForDelivery(accepted.id);
    expect(client.received).toEqual([
      expect.objectContaining({ id: accepted.id, body: 'hot offer' }),
    ]);
  });

  it('signs in case-insensitively: Mario.Rossi reads the messages of mario.rossi', async () => {
    const username = suite.newUser('case');
    const accepted = await send(suite.api, username, 'for any case');

    const client = await signIn(username.toUpperCase());

    await client.waitForDelivery(accepted.id);
  });

  it('keeps a delivered but unreported message after disconnect, and delivers it again with its id', async () => {
    const username = suite.newUser('unreported');
    const accepted = await send(suite.api, username, 'not yet seen');
    const first = await signIn(username);
    await first.waitForDelivery(accepted.id);

    expect(await afterClosing(username, first)).toEqual({ messageCount: 1, consumerCount: 0 });

    const second = await signIn(username);
    await second.waitForDelivery(accepted.id);
    expect(second.received.map((message) => message.body)).toEqual(['not yet seen']);
  });

  it('deletes a reported message: the queue is empty and a new session gets nothing', async () => {
    const username = suite.newUser('reported');
    const accepted = await send(suite.api, username, 'seen once');
    const first = await signIn(username);
    await first.waitForDelivery(accepted.id);

    expect(await first.report([accepted.id])).toEqual({ deleted: [accepted.id], unknown: [] });
    expect(await afterClosing(username, first)).toEqual({ messageCount: 0, consumerCount: 0 });

    // A marker sent after the reported message proves the new session is being served.
    const marker = await send(suite.api, username, 'marker');
    const second = await signIn(username);
    await second.waitForDelivery(marker.id);
    expect(second.ids).toEqual([marker.id]);
  });

  it('acks nothing on delivery alone', async () => {
    const username = suite.newUser('no-auto-ack');
    const accepted = await sendInOrder(suite.api, username, ['a', 'b']);
    const client = await signIn(username);
    await client.waitForMessages(2);

    // Both are held by the consumer, unacked: reporting one leaves exactly the other.
    expect(await client.report([accepted[0].id])).toEqual({
      deleted: [accepted[0].id],
      unknown: [],
    });
    expect(await afterClosing(username, client)).toEqual({ messageCount: 1, consumerCount: 0 });
  });

  it('gives every session of a user each message; the first report deletes it and tells the others', async () => {
    const username = suite.newUser('two-sessions');
    const phone = await signIn(username);
    const laptop = await signIn(username);

    const accepted = await send(suite.api, username, 'for both');
    await Promise.all([phone.waitForDelivery(accepted.id), laptop.waitForDelivery(accepted.id)]);

    expect(await phone.report([accepted.id])).toEqual({ deleted: [accepted.id], unknown: [] });
    await waitFor(
      async () => laptop.viewed,
      (viewed) => viewed.includes(accepted.id),
      {
        what: 'the other session to be told',
      },
    );
    expect(phone.viewed).toEqual([]);
    expect(await laptop.report([accepted.id])).toEqual({ deleted: [], unknown: [accepted.id] });
    expect(await queueStatus(username)).toEqual({ messageCount: 0, consumerCount: 1 });
  });

  it('gives a session that joins later what is still unreported', async () => {
    const username = suite.newUser('late-session');
    const first = await signIn(username);
    const accepted = await send(suite.api, username, 'waiting on screen');
    await first.waitForDelivery(accepted.id);

    const second = await signIn(username);

    await second.waitForDelivery(accepted.id);
  });

  it('keeps users apart: A never receives B messages and cannot delete them', async () => {
    const alice = suite.newUser('alice');
    const bob = suite.newUser('bob');
    const aliceClient = await signIn(alice);
    const bobClient = await signIn(bob);

    const forBob = await send(suite.api, bob, 'private to bob');
    const forAlice = await send(suite.api, alice, 'private to alice');
    await bobClient.waitForDelivery(forBob.id);
    await aliceClient.waitForDelivery(forAlice.id);

    expect(await aliceClient.report([forBob.id])).toEqual({ deleted: [], unknown: [forBob.id] });
    expect(aliceClient.ids).toEqual([forAlice.id]);
    expect(bobClient.ids).toEqual([forBob.id]);
    // Still Bob's, delivered to him and not deleted: Alice's report touched nothing.
    expect(await queueCounts(inboxQueueOf(bob))).toEqual({ ready: 0, unacked: 1, consumers: 1 });
    bobClient.close();
    await waitFor(
      () => queueCounts(inboxQueueOf(bob)),
      (counts) => counts?.ready === 1 && counts.unacked === 0,
      { what: "bob's message back in his queue" },
    );
  });

  it.each([
    [{}, 'a username must be a string'],
    [{ username: '' }, 'a username must not be empty'],
    [{ username: 'mario rossi' }, 'letters, digits and . _ - @'],
    [{ username: 'x'.repeat(65) }, 'at most 64 characters'],
    [{ username: 42 }, 'a username must be a string'],
  ])('refuses the sign-in %j with a clear reason', async (auth, reason) => {
    const refusal = await InboxClient.connect(suite.api.baseUrl, auth).then(
      () => new Error('the sign-in was accepted'),
      (error: Error) => error,
    );
    expect(refusal.message).toMatch(/^sign-in refused: /);
    expect(refusal.message).toContain(reason);
  });

  it('answers a malformed report with an error and deletes nothing', async () => {
    const username = suite.newUser('bad-report');
    const accepted = await send(suite.api, username, 'keep me');
    const client = await signIn(username);
    await client.waitForDelivery(accepted.id);

    const answer = await client.reportRaw({ ids: accepted.id });

    expect(answer).toMatchObject({
      deleted: [],
      unknown: [],
      error: expect.stringContaining('ids must be an array'),
    });
    expect(await client.report(['never-delivered'])).toEqual({
      deleted: [],
      unknown: ['never-delivered'],
    });
    expect(await afterClosing(username, client)).toEqual({ messageCount: 1, consumerCount: 0 });
  });

  it('announces a message that expires on screen, and no report can delete it then', async () => {
    const username = suite.newUser('expiry');
    const shortLived = await send(suite.api, username, 'two seconds', { ttlSeconds: 2 });
    const client = await signIn(username);
    await client.waitForDelivery(shortLived.id);

    await waitFor(
      async () => client.expired,
      (expired) => expired.includes(shortLived.id),
      {
        what: 'the expiry to be announced',
        timeoutMs: 10_000,
      },
    );
    expect(await client.report([shortLived.id])).toEqual({ deleted: [], unknown: [shortLived.id] });
    expect(await queueStatus(username)).toEqual({ messageCount: 0, consumerCount: 1 });
  });

  it('leaves no consumer on the broker once every session closed', async () => {
    const username = suite.newUser('no-leak');
    await send(suite.api, username, 'hello');
    const sessions = await Promise.all([signIn(username), signIn(username), signIn(username)]);
    expect(await queueStatus(username)).toMatchObject({ consumerCount: 1 });

    expect(await afterClosing(username, ...sessions)).toEqual({
      messageCount: 1,
      consumerCount: 0,
    });
  });
});
