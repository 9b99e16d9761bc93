/**
 * What the kernel's main thread and its I/O thread tell each other (worker_threads messages).
 *
 * The I/O thread owns the five sockets, so the heartbeat, interrupt_request and kernel_info keep
 * being answered while a cell blocks the main thread; the main thread runs the code and all
 * other handlers.
 */
import type { EncodedParts, Message } from './wire.js';

export type Channel = 'shell' | 'control' | 'iopub' | 'stdin';

/** Main → I/O thread. */
export type ToIo =
  | { op: 'send'; channel: Channel; parts: EncodedParts; status?: 'busy' | 'idle' }
  /** Send an input_request on stdin and answer through the shared input buffer. */
  | { op: 'input'; parts: EncodedParts }
  /** The main thread can run code now: answer kernel_info (held until then). */
  | { op: 'engine-ready' }
  | { op: 'close' };

/** I/O thread → main. */
export type FromIo =
  | { op: 'ready' }
  | { op: 'message'; channel: 'shell' | 'control'; msg: Message; receivedAt: number }
  | { op: 'log'; text: string }
  | { op: 'closed' };

/** Data the I/O thread starts with. */
export interface IoStartData {
  connectionFile: string;
  /** The kernel's session id (header.session of everything it sends). */
  session: string;
  /** The content of kernel_info_reply, answered by the I/O thread. */
  kernelInfo: Record<string, unknown>;
  /** The shared buffer through which a stdin input_reply reaches a blocked main thread. */
  input: SharedArrayBuffer;
  /** Int32 [running cell's run id or 0, run id the last interrupt was sent for] (see RunState). */
  runState: SharedArrayBuffer;
}

export const RUN_CURRENT = 0;
export const RUN_INTERRUPTED = 1;

/**
 * Layout of the shared input buffer: Int32 [state, byteLength], then the UTF-8 reply.
 * state: WAITING until the I/O thread sets REPLIED or INTERRUPTED and notifies.
 */
export const INPUT_WAITING = 0;
export const INPUT_REPLIED = 1;
export const INPUT_INTERRUPTED = 2;
export const INPUT_HEADER_BYTES = 8;
export const INPUT_CAPACITY = 1 << 16;
