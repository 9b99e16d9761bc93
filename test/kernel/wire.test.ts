import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DELIMITER, Signer, WireError, decode, encode, type EncodedParts } from '../../kernel-ext/src/kernel/io/wire.js';
import { encodeMessage, safeJson } from '../../kernel-ext/src/kernel/io/messages.js';

const header = { msg_id: 'm1', session: 's', username: 'u', date: '2024-01-01T00:00:00Z', msg_type: 'execute_request', version: '5.3' };

function parts(content: Record<string, unknown>, buffers: Uint8Array[] = []): EncodedParts {
  return { idents: [Buffer.from('client-1')], json: [JSON.stringify(header), '{}', '{}', JSON.stringify(content)], buffers };
}

const asBuffers = (frames: (Uint8Array | string)[]) => frames.map((f) => (typeof f === 'string' ? Buffer.from(f) : Buffer.from(f)));

describe('wire format', () => {
  it('signs the four JSON frames with HMAC-SHA256 of the connection key, as Jupyter does', () => {
    const signer = new Signer('secret');
    const frames = encode(parts({ code: '1' }), signer);
    const want = createHmac('sha256', 'secret');
    for (const f of parts({ code: '1' }).json) want.update(f);
    expect(frames[1]).toEqual(DELIMITER);
    expect(frames[2]).toBe(want.digest('hex'));
  });

  it('round-trips idents, frames and buffers', () => {
    const signer = new Signer('k', 'hmac-sha512');
    const msg = decode(asBuffers(encode(parts({ code: 'x' }, [new Uint8Array([1, 2, 3])]), signer)), signer);
    expect(Buffer.from(msg.idents[0]!).toString()).toBe('client-1');
    expect(msg.header.msg_type).toBe('execute_request');
    expect(msg.content).toEqual({ code: 'x' });
    expect([...msg.buffers[0]!]).toEqual([1, 2, 3]);
  });

  it('rejects a tampered message, a missing delimiter and missing frames', () => {
    const signer = new Signer('k');
    const frames = asBuffers(encode(parts({ code: 'x' }), signer));
    frames[6] = Buffer.from(JSON.stringify({ code: 'evil' }));
    expect(() => decode(frames, signer)).toThrow(/invalid signature/);
    expect(() => decode([Buffer.from('a'), Buffer.from('b')], signer)).toThrow(WireError);
    expect(() => decode(asBuffers(encode(parts({}), signer)).slice(0, 5), signer)).toThrow(/JSON frames/);
  });

  it('does not sign with an empty key, and refuses unknown schemes', () => {
    expect(encode(parts({}), new Signer(''))[2]).toBe('');
    expect(() => new Signer('k', 'rsa')).toThrow(/signature_scheme 'rsa'/);
  });

  it('makes replies that name their parent and reuse its routing', () => {
    const request = decode(asBuffers(encode(parts({ code: '1' }), new Signer('k'))), new Signer('k'));
    const reply = encodeMessage('execute_reply', { status: 'ok' }, 'kernel-session', { parent: request });
    expect(JSON.parse(reply.json[1])).toEqual(header);
    expect(JSON.parse(reply.json[0]).msg_type).toBe('execute_reply');
    expect(JSON.parse(reply.json[0]).session).toBe('kernel-session');
    expect(reply.idents).toBe(request.idents);
  });

  it('serialises what notebook code may hand it: bigint and cycles', () => {
    const cyclic: Record<string, unknown> = { a: 1n };
    cyclic.self = cyclic;
    expect(JSON.parse(safeJson(cyclic))).toEqual({ a: '1', self: '[Circular]' });
    expect(safeJson({ n: NaN })).toBe('{"n":null}');
  });
});
