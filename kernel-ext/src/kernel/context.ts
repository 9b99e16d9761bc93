/**
 * What a message handler gets: the request, and how to reply and publish in its name.
 */
import type { Message } from './io/wire.js';

export interface RequestContext {
  msg: Message;
  channel: 'shell' | 'control';
  /** Send the reply (`<type>_reply` unless named) on the request's channel. */
  reply(content: Record<string, unknown>, msgType?: string): void;
  /** Publish on iopub with this request as parent. */
  publish(msgType: string, content: Record<string, unknown>, extra?: { metadata?: Record<string, unknown>; buffers?: Uint8Array[] }): void;
}

export type Handler = (ctx: RequestContext) => void | Promise<void>;

/** The reply type of a request type: `execute_request` → `execute_reply`. */
export function replyType(requestType: string): string {
  return requestType.replace(/_request$/, '_reply');
}
