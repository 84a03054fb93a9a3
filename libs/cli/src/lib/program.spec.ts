import { EXAMPLE_ACCEPTED } from '@prontogram/contracts/wire';
import type { MessageAccepted } from '@prontogram/sdk';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CliContext } from './cli-context';
import { EXIT } from './exit-codes';
import { run } from './program';

/** Runs the CLI in-process and keeps what it printed. */
async function prontogram(
  args: string[],
  env: Record<string, string> = {},
  files: Record<string, string> = {},
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const context: CliContext = {
    env,
    out: (text) => (out += text),
    err: (text) => (err += text),
    readFile: async (file) => {
      if (!(file in files)) throw new Error(`ENOENT: no such file, open '${file}'`);
      return files[file];
    },
    version: '0.1.0',
  };
  const code = await run(args, context);
  return { code, out, err };
}

describe('prontogram', () => {
  it('explains itself and its exit codes with --help', async () => {
    const { code, out } = await prontogram(['--help']);
    expect(code).toBe(EXIT.ok);
    expect(out).toMatch(/send \[options\] <text>/);
    expect(out).toMatch(/inbox \[options\] <username>/);
    expect(out).toContain('Exit codes:');

    const send = await prontogram(['send', '--help']);
    expect(send.code).toBe(EXIT.ok);
    expect(send.out).toContain('--to <username>');
    expect(send.out).toContain('--key-file <path>');
    expect(send.out).not.toContain('--key <');
    expect(send.out).toContain('Exit codes:');

    expect((await prontogram(['inbox', '--help'])).out).toContain('--token <token>');
    expect((await prontogram(['--version'])).out).toBe('0.1.0\n');
  });

  it.each([
    ['no command', []],
    ['an unknown command', ['post']],
    ['no receiver', ['send', '--from', 'ACMESky', 'hello']],
    ['no text', ['send', '--to', 'mario.rossi', '--from', 'ACMESky']],
    ['a lifetime of 0', ['send', '--to', 'mario.rossi', '--from', 'ACMESky', '--ttl', '0', 'hi']],
    ['an unknown option', ['send', '--to', 'mario.rossi', '--key', 'pg_x', 'hi']],
    ['no username to look at', ['inbox']],
  ])('exits with 2 on %s, saying why on stderr', async (_what, args) => {
    const { code, out, err } = await prontogram(args);
    expect(code).toBe(EXIT.usage);
    expect(out).toBe('');
    expect(err).toMatch(/^prontogram: |Usage: prontogram/);
  });

  it('asks for a sender when neither --from nor PRONTOGRAM_SENDER gives one', async () => {
    const { code, err } = await prontogram(['send', '--to', 'mario.rossi', 'hello']);
    expect(code).toBe(EXIT.usage);
    expect(err).toBe('prontogram: no sender: give --from <sender> or set PRONTOGRAM_SENDER\n');
  });

  it('exits with 2 on a key file it cannot read, before sending anything', async () => {
    const { code, err } = await prontogram(
      ['send', '--to', 'mario.rossi', '--key-file', '/no/such/key', 'hello'],
      { PRONTOGRAM_SENDER: 'ACMESky' },
    );
    expect(code).toBe(EXIT.usage);
    expect(err).toMatch(/^prontogram: cannot read the key file: ENOENT/);
  });

  it('sends with the key of --key-file to PRONTOGRAM_URL and prints the answer with --json', async () => {
    const accepted: MessageAccepted = { ...EXAMPLE_ACCEPTED };
    const requests: { headers: IncomingHttpHeaders; body: string }[] = [];
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        requests.push({ headers: request.headers, body });
        response.writeHead(202, { 'content-type': 'application/json' });
        response.end(JSON.stringify(accepted));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const args = ['send', '--to', 'mario.rossi', '--ttl', '3600', '--key-file', 'key'];
      const { code, out } = await prontogram(
        [...args, '--idempotency-key', 'offer-ABC123', '--json', 'Il tuo codice: ABC123'],
        { PRONTOGRAM_URL: url, PRONTOGRAM_SENDER: 'ACMESky', PRONTOGRAM_KEY: 'pg_env' },
        { key: 'pg_from_file\n' },
      );

      expect(code).toBe(EXIT.ok);
      expect(JSON.parse(out)).toEqual(accepted);
      expect(requests).toHaveLength(1);
      expect(requests[0].headers).toMatchObject({
        authorization: 'Bearer pg_from_file',
        'idempotency-key': 'offer-ABC123',
      });
      expect(JSON.parse(requests[0].body)).toEqual({
        sender: 'ACMESky',
        receiver: 'mario.rossi',
        body: 'Il tuo codice: ABC123',
        ttlSeconds: 3600,
      });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
