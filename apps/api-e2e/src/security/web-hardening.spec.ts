import { io } from 'socket.io-client';
import { uniqueUsername } from '@prontogram/e2e-support';
import { startApiForSuite } from '../support/api-suite';
import { InboxClient } from '../support/inbox-client';

jest.setTimeout(60_000);

const OTHER_SITE = 'https://evil.example';
const PARTNER_SITE = 'https://partner.example';

/** Opens a socket the way a page on `origin` would; resolves how the attempt ended. */
function connectFrom(baseUrl: string, origin: string): Promise<'connected' | string> {
  const socket = io(baseUrl, {
    auth: { username: uniqueUsername('origin') },
    transports: ['websocket'],
    extraHeaders: { origin },
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve) => {
    socket.once('connect', () => {
      socket.close();
      resolve('connected');
    });
    socket.once('connect_error', (error) => {
      socket.close();
      resolve(`refused: ${error.message}`);
    });
  });
}

describe('web hardening', () => {
  const suite = startApiForSuite({ env: { ALLOWED_ORIGINS: PARTNER_SITE } });

  it("serves the page with helmet's headers and a CSP whose nonce is new in every answer", async () => {
    const [first, second] = await Promise.all([
      fetch(suite.api.baseUrl),
      fetch(`${suite.api.baseUrl}/sign-in`),
    ]);
    const policies = [first, second].map((page) => page.headers.get('content-security-policy'));
    for (const policy of policies) {
      expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}'/);
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).not.toContain('unsafe-inline');
    }
    const nonces = policies.map((policy) => /'nonce-([^']+)'/.exec(policy ?? '')?.[1]);
    expect(nonces[0]).not.toBe(nonces[1]);
    const html = await first.text();
    expect(html.toLowerCase()).toContain('ngcspnonce=');
    expect(html).toContain(`nonce="${nonces[0]}"`);
    expect(html).not.toContain('__CSP_NONCE__');
    expect(first.headers.get('x-frame-options')).toBe('DENY');
    expect(first.headers.get('x-content-type-options')).toBe('nosniff');
    expect(first.headers.get('referrer-policy')).toBe('no-referrer');
    expect(first.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  });

  it('never serves index.html without its nonce and policy', async () => {
    const raw = await fetch(`${suite.api.baseUrl}/index.html`);
    expect(raw.headers.get('content-security-policy')).toMatch(/nonce-/);
    expect(await raw.text()).not.toContain('__CSP_NONCE__');
  });

  it('sends the same headers with API answers, and no stack or internals in errors', async () => {
    const refused = await suite.api.postJson('/messages', { sender: 'ACMESky' });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('x-content-type-options')).toBe('nosniff');
    const text = await refused.text();
    expect(text).not.toMatch(/ at |node_modules|\.js:\d+|stack/i);

    const malformed = await fetch(`${suite.api.baseUrl}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"sender": ',
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).not.toMatch(/ at |node_modules|\.js:\d+|stack/i);
  });

  it('refuses a socket from a page of another site, and takes one from a listed site', async () => {
    expect(await connectFrom(suite.api.baseUrl, OTHER_SITE)).toMatch(/^refused/);
    expect(await connectFrom(suite.api.baseUrl, PARTNER_SITE)).toBe('connected');
    // The page's own origin: the same host and port as the API's.
    expect(await connectFrom(suite.api.baseUrl, suite.api.baseUrl)).toBe('connected');
  });

  it('answers CORS for listed sites only', async () => {
    const preflight = (origin: string) =>
      fetch(`${suite.api.baseUrl}/messages`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,authorization',
        },
      });
    expect((await preflight(PARTNER_SITE)).headers.get('access-control-allow-origin')).toBe(
      PARTNER_SITE,
    );
    expect((await preflight(OTHER_SITE)).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('drops a socket that sends an oversized payload, and serves the others as before', async () => {
    const username = uniqueUsername('oversized');
    const bystander = await InboxClient.connect(suite.api.baseUrl, {
      username: uniqueUsername('calm'),
    });
    const abuser = io(suite.api.baseUrl, {
      auth: { username },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        abuser.once('connect', resolve);
        abuser.once('connect_error', reject);
      });
      const closed = new Promise<string>((resolve) => abuser.once('disconnect', resolve));
      abuser.emit('inbox:displayed', { ids: ['x'.repeat(1024 * 1024)] }, () => undefined);
      expect(await closed).toBe('transport close');
      expect(bystander.connected).toBe(true);
      expect((await bystander.report(['not-a-message'])).unknown).toEqual(['not-a-message']);
      expect((await fetch(`${suite.api.baseUrl}/health/ready`)).status).toBe(200);
    } finally {
      abuser.close();
      bystander.close();
    }
  });
});
