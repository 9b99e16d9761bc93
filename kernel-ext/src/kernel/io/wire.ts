/**
 * The Jupyter wire format: the frames of one message on a ZeroMQ socket, and their HMAC signature.
 *
 *   [ident, ..., '<IDS|MSG>', signature, header, parent_header, metadata, content, buffer, ...]
 *
 * The signature is the hex HMAC (connection file `signature_scheme`, e.g. hmac-sha256, keyed by
 * `key`) of the four JSON frames in order; an empty key means messages are not signed.
 * See https://jupyter-client.readthedocs.io/en/latest/messaging.html#the-wire-protocol
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const DELIMITER = Buffer.from('<IDS|MSG>');
/** The protocol version this kernel implements. */
export const PROTOCOL_VERSION = '5.3';

export interface Header {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
  [key: string]: unknown;
}

/** A message as received: routing identities, the parsed JSON frames and any binary buffers. */
export interface Message {
  idents: Uint8Array[];
  header: Header;
  /** The header of the request this message answers, or `{}`. */
  parent_header: Header | Record<string, never>;
  metadata: Record<string, unknown>;
  content: Record<string, unknown>;
  buffers: Uint8Array[];
}

/** A message ready to sign: the JSON frames already serialised (so the sender signs exactly them). */
export interface EncodedParts {
  idents: Uint8Array[];
  /** header, parent_header, metadata, content as JSON text. */
  json: [string, string, string, string];
  buffers: Uint8Array[];
}

export class WireError extends Error {
  override name = 'WireError';
}

export class Signer {
  private readonly algorithm: string | null;

  constructor(private readonly key: string, scheme = 'hmac-sha256') {
    if (!key) {
      this.algorithm = null;
      return;
    }
    const match = /^hmac-(.+)$/.exec(scheme);
    if (!match) throw new WireError(`unsupported signature_scheme '${scheme}' (expected hmac-<digest>)`);
    this.algorithm = match[1]!;
  }

  sign(parts: readonly (string | Uint8Array)[]): string {
    if (!this.algorithm) return '';
    const hmac = createHmac(this.algorithm, this.key);
    for (const part of parts) hmac.update(part);
    return hmac.digest('hex');
  }

  verify(signature: string, parts: readonly Uint8Array[]): boolean {
    if (!this.algorithm) return true;
    const expected = Buffer.from(this.sign(parts), 'utf8');
    const got = Buffer.from(signature, 'utf8');
    return expected.length === got.length && timingSafeEqual(expected, got);
  }
}

function parseJson(frame: Uint8Array, what: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(frame).toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new WireError(`the ${what} frame is not a JSON object`);
}

/** Parse and verify the frames of one received message. */
export function decode(frames: readonly Uint8Array[], signer: Signer): Message {
  const delimiter = frames.findIndex((f) => Buffer.from(f).equals(DELIMITER));
  if (delimiter < 0) throw new WireError('message without the <IDS|MSG> delimiter');
  if (frames.length < delimiter + 6) throw new WireError(`message with ${frames.length - delimiter - 2} of the 4 JSON frames`);
  const signature = Buffer.from(frames[delimiter + 1]!).toString('utf8');
  const signed = frames.slice(delimiter + 2, delimiter + 6);
  if (!signer.verify(signature, signed)) throw new WireError('message with an invalid signature (dropped)');
  const header = parseJson(signed[0]!, 'header') as Header;
  if (typeof header.msg_type !== 'string' || typeof header.msg_id !== 'string') {
    throw new WireError('message header without msg_type or msg_id');
  }
  return {
    idents: frames.slice(0, delimiter),
    header,
    parent_header: parseJson(signed[1]!, 'parent_header') as Message['parent_header'],
    metadata: parseJson(signed[2]!, 'metadata'),
    content: parseJson(signed[3]!, 'content'),
    buffers: frames.slice(delimiter + 6),
  };
}

/** The frames of a message to send, signed. */
export function encode(parts: EncodedParts, signer: Signer): (Uint8Array | string)[] {
  return [...parts.idents, DELIMITER, signer.sign(parts.json), ...parts.json, ...parts.buffers];
}
