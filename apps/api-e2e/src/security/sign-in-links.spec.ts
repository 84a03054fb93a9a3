import { randomBytes } from 'node:crypto';
import type { MessageAccepted, SessionToken, SignInLink } from '@prontogram/contracts';
import { SignJWT } from 'jose';
import { io } from 'socket.io-client';
import { testMessage } from '@prontogram/e2e-support';
import { startApiForSuite } from '../support/api-suite';
import { InboxClient } from '../support/inbox-client';
import { senderKey, senderKeysSetting } from './sender-keys';

jest.setTimeout(60_000);

const secret = () => randomBytes(32);
const current = { id: '2026-12', secret: secret() };
const previous = { id: '2026-06', secret: secret() };
const acmeSky = senderKey('acmesky', ['ACMESky']);

/** A token as the API signs one, with the claims given: to make expired or foreign ones. */
function token(
  key: { id: string; secret: Buffer },
  username: string,
  expiresAt: number,
): Promise<string> {
  return new SignJWT({ kind: 'link' })
    .setProtectedHeader({ alg: 'HS256', kid: key.id })
    .setIssuer('prontogram')
    .setAudience('prontogram-inbox')
    .setSubject(username)
    .setIssuedAt(expiresAt - 60)
    .setExpirationTime(expiresAt)
    .sign(key.secret);
}

const inAMinute = () => Math.floor(Date.now() / 1000) + 60;

/** The refusal's `data`, when the handshake is refused; fails the test when it is not. */
async function refusalOf(baseUrl: string, auth: object): Promise<{ code?: string }> {
  const outcome = await InboxClient.connect(baseUrl, auth).then(
    (client) => {
      client.close();
      return undefined;
    },
    (error: Error & { data?: { code?: string } }) => error.data ?? {},
  );
  if (!outcome) throw new Error(`signed in with ${JSON.stringify(auth)}`);
  return outcome;
}

describe('SIGN_IN_MODE=link', () => {
  const suite = startApiForSuite({
    env: {
      SIGN_IN_MODE: 'link',
      SIGN_IN_KEYS: [current, previous]
        .map(({ id, secret }) => `${id}:${secret.toString('base64url')}`)
        .join(','),
      SENDER_KEYS: senderKeysSetting([acmeSky]),
    },
  });
  const username = suite.newUser('linked');

  const askForLink = (body: object, headers: Record<string, string> = acmeSky.header) =>
    suite.api.postJson('/sign-in-links', body, headers);

  it('gives a link only to a sender with its key, for a valid username', async () => {
    expect((await askForLink({ username }, {})).status).toBe(401);
    expect((await askForLink({ username: 'two words' })).status).toBe(400);

    const response = await askForLink({ username: username.toUpperCase() });
    expect(response.status).toBe(201);
    const link = (await response.json()) as SignInLink;
    expect(link.username).toBe(username);
    expect(link.url).toMatch(
      new RegExp(`^${suite.api.baseUrl}/sign-in/link#token=[\\w-]+\\.[\\w-]+\\.[\\w-]+$`),
    );
    const lifetime = Date.parse(link.expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(14 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(15 * 60_000);
  });

  it('signs in with a valid link, and hands the page a session token that signs in again', async () => {
    const link = (await (await askForLink({ username })).json()) as SignInLink;
    const linkToken = new URL(link.url).hash.replace('#token=', '');
    const sending = await suite.api.postJson(
      '/messages',
      testMessage({ receiver: username, body: 'Offerta ABC123' }),
      acmeSky.header,
    );
    const sent = (await sending.json()) as MessageAccepted;

    const socket = io(suite.api.baseUrl, {
      auth: { username, token: linkToken },
      transports: ['websocket'],
      forceNew: true,
    });
    try {
      const session = await new Promise<SessionToken>((resolve, reject) => {
        socket.once('inbox:session', resolve);
        socket.once('connect_error', reject);
      });
      expect(session.token).not.toBe(linkToken);
      expect(Date.parse(session.expiresAt)).toBeGreaterThan(Date.now() + 11 * 3600_000);

      const withSession = await InboxClient.connect(suite.api.baseUrl, {
        username,
        token: session.token,
      });
      const [shown] = await withSession.waitForMessages(1);
      expect(shown.id).toBe(sent.id);
      withSession.close();
    } finally {
      socket.close();
    }
  });

  it('signs in with a token of the previous key, still in SIGN_IN_KEYS (rotation)', async () => {
    const client = await InboxClient.connect(suite.api.baseUrl, {
      token: await token(previous, username, inAMinute()),
    });
    client.close();
  });

  it('refuses a bare username, saying a link is needed', async () => {
    expect(await refusalOf(suite.api.baseUrl, { username })).toMatchObject({
      code: 'link-required',
      retryable: false,
    });
  });

  it('refuses an expired link', async () => {
    const expired = await token(current, username, Math.floor(Date.now() / 1000) - 5);
    expect(await refusalOf(suite.api.baseUrl, { username, token: expired })).toMatchObject({
      code: 'link-expired',
    });
  });

  it('refuses a tampered link: another name under its signature, or another signature', async () => {
    const [header, payload, signature] = (await token(current, username, inAMinute())).split('.');
    const otherName = (await token(current, 'somebody-else', inAMinute())).split('.')[1];
    // The first character: changing the last one may only touch padding bits.
    const otherSignature = `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;

    for (const tampered of [
      `${header}.${otherName}.${signature}`,
      `${header}.${payload}.${otherSignature}`,
    ]) {
      expect(await refusalOf(suite.api.baseUrl, { token: tampered })).toMatchObject({
        code: 'link-invalid',
      });
    }
  });

  it('refuses a link signed with a key it does not hold', async () => {
    const stranger = { id: current.id, secret: secret() };
    expect(
      await refusalOf(suite.api.baseUrl, { token: await token(stranger, username, inAMinute()) }),
    ).toMatchObject({ code: 'link-invalid' });
  });

  it("refuses a link used for another person's username", async () => {
    const link = await token(current, username, inAMinute());
    expect(
      await refusalOf(suite.api.baseUrl, { username: 'somebody-else', token: link }),
    ).toMatchObject({
      code: 'link-invalid',
    });
  });
});
