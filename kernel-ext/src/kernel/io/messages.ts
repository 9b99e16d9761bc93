/**
 * Building outgoing messages: headers, parent headers, routing identities and safe JSON.
 */
import { randomUUID } from 'node:crypto';
import { PROTOCOL_VERSION, type EncodedParts, type Header, type Message } from './wire.js';

export const KERNEL_USERNAME = 'kernel';

export function makeHeader(msgType: string, session: string): Header {
  return {
    msg_id: randomUUID(),
    session,
    username: KERNEL_USERNAME,
    date: new Date().toISOString(),
    msg_type: msgType,
    version: PROTOCOL_VERSION,
  };
}

/** JSON that never throws on what notebook code may hand us: bigint becomes a string, a cycle "[Circular]". */
export function safeJson(value: unknown): string {
  const bigints = (_key: string, v: unknown) => (typeof v === 'bigint' ? v.toString() : v);
  try {
    return JSON.stringify(value, bigints) ?? 'null';
  } catch {
    // A cycle: drop every repeated object (also shared, acyclic ones; rare in messages).
    const seen = new WeakSet<object>();
    return JSON.stringify(value, (key, v: unknown) => {
      const w = bigints(key, v);
      if (w && typeof w === 'object') {
        if (seen.has(w)) return '[Circular]';
        seen.add(w);
      }
      return w;
    }) ?? 'null';
  }
}

export interface OutgoingOptions {
  /** The request this message belongs to (its header becomes parent_header). */
  parent?: Message | undefined;
  metadata?: Record<string, unknown>;
  buffers?: Uint8Array[];
  /** Routing identities; replies use the request's, iopub a topic. */
  idents?: Uint8Array[];
}

export function encodeMessage(
  msgType: string,
  content: Record<string, unknown>,
  session: string,
  options: OutgoingOptions = {},
): EncodedParts {
  const parentHeader = options.parent?.header ?? {};
  return {
    idents: options.idents ?? options.parent?.idents ?? [],
    json: [
      JSON.stringify(makeHeader(msgType, session)),
      JSON.stringify(parentHeader),
      safeJson(options.metadata ?? {}),
      safeJson(content),
    ],
    buffers: options.buffers ?? [],
  };
}

/** The iopub topic of a message type (subscribers take every topic). */
export function iopubTopic(msgType: string): Uint8Array[] {
  return [Buffer.from(`kernel.${msgType}`)];
}
