import { timingSafeEqual } from 'node:crypto';
import { connect as connectSocket, createServer, type Server, type Socket } from 'node:net';

/**
 * A Postgres-protocol front door: it asks each client for the password (cleartext, over
 * loopback), and only then joins the client to the database behind it, which listens on a Unix
 * socket in a folder no other user can enter. PGlite itself trusts whoever connects.
 */
export interface PasswordGate {
  port: number;
  close(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
/** Startup packets are small; a client sending more before authenticating is not a Postgres client. */
const MAX_PACKET = 64 * 1024;
const AUTH_TIMEOUT_MS = 10_000;

export async function startPasswordGate(o: { host: string; port: number; password: string; upstreamPath: string }): Promise<PasswordGate> {
  const expected = Buffer.from(o.password);
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.once('close', () => sockets.delete(client));
    client.setTimeout(AUTH_TIMEOUT_MS, () => client.destroy());
    void admit(client, expected, o.upstreamPath).catch(() => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  return {
    port: (server.address() as { port: number }).port,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

async function admit(client: Socket, expected: Buffer, upstreamPath: string): Promise<void> {
  const reader = new PacketReader(client);
  let startup = await reader.untyped();
  // Encryption requests: say no, then the real startup packet follows.
  while (startup.length === 8 && [SSL_REQUEST, GSSENC_REQUEST].includes(startup.readInt32BE(4))) {
    client.write('N');
    startup = await reader.untyped();
  }
  if (startup.length >= 8 && startup.readInt32BE(4) === CANCEL_REQUEST) return void client.end();
  const user = startupParameter(startup, 'user') ?? 'postgres';
  client.write(Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 3])); // AuthenticationCleartextPassword
  const reply = await reader.typed();
  const password = reply.type === 0x70 ? reply.body.subarray(0, Math.max(0, reply.body.indexOf(0))) : Buffer.alloc(0);
  if (password.length !== expected.length || !timingSafeEqual(password, expected)) {
    client.end(errorResponse('28P01', `password authentication failed for user "${user}"`));
    return;
  }
  client.setTimeout(0);
  const upstream = connectSocket(upstreamPath);
  upstream.once('error', () => client.destroy());
  client.once('error', () => upstream.destroy());
  client.once('close', () => upstream.destroy());
  upstream.once('close', () => client.destroy());
  upstream.write(startup);
  const rest = reader.release();
  if (rest.length > 0) upstream.write(rest);
  client.pipe(upstream);
  upstream.pipe(client);
}

function startupParameter(packet: Buffer, name: string): string | null {
  const fields = packet.subarray(8).toString('utf8').split('\0');
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1]!;
  return null;
}

function errorResponse(code: string, message: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${message}\0\0`);
  const head = Buffer.alloc(5);
  head.write('E', 0);
  head.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([head, fields]);
}

/** Reads whole packets off a socket until the connection is handed over. */
class PacketReader {
  private buffer = Buffer.alloc(0);
  private wake: (() => void) | null = null;
  private ended = false;
  private readonly onData = (d: Buffer): void => {
    this.buffer = Buffer.concat([this.buffer, d]);
    this.wake?.();
  };
  private readonly onEnd = (): void => {
    this.ended = true;
    this.wake?.();
  };

  constructor(private readonly socket: Socket) {
    socket.on('data', this.onData);
    socket.once('end', this.onEnd);
    socket.once('close', this.onEnd);
  }

  /** A length-prefixed packet without a type byte (startup, SSL request). */
  async untyped(): Promise<Buffer> {
    await this.need(4);
    const length = this.buffer.readInt32BE(0);
    if (length < 8 || length > MAX_PACKET) throw new Error('bad startup packet');
    await this.need(length);
    return this.take(length);
  }

  async typed(): Promise<{ type: number; body: Buffer }> {
    await this.need(5);
    const length = this.buffer.readInt32BE(1);
    if (length < 4 || length > MAX_PACKET) throw new Error('bad packet');
    await this.need(length + 1);
    const packet = this.take(length + 1);
    return { type: packet[0]!, body: packet.subarray(5) };
  }

  /** Stops reading; whatever arrived beyond the packets read is returned. */
  release(): Buffer {
    this.socket.off('data', this.onData);
    return this.buffer;
  }

  private take(n: number): Buffer {
    const out = this.buffer.subarray(0, n);
    this.buffer = this.buffer.subarray(n);
    return out;
  }

  private async need(n: number): Promise<void> {
    while (this.buffer.length < n) {
      if (this.ended) throw new Error('connection closed during authentication');
      await new Promise<void>((resolve) => { this.wake = resolve; });
      this.wake = null;
    }
  }
}
