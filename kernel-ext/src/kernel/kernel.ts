/**
 * The kernel's dispatcher: shell requests one at a time in arrival order, control requests at
 * once; `busy`/`idle` around each; replies and outputs parented to their request; and where
 * notebook output (prints, displays, comm messages) goes.
 */
import type { KernelHost } from '../runtime/host.js';
import type { OutputCapture, StreamName } from './capture.js';
import { replyType, type Handler, type RequestContext } from './context.js';
import type { Incoming, IoChannel } from './io/ioChannel.js';
import type { Message } from './io/wire.js';

/** Where output of notebook code goes now. */
export interface OutputScope {
  /** The request outputs are parented to: the running cell, else the last one (timers, promises). */
  parent: Message | undefined;
  /** A silent execute_request: its outputs are not published. */
  silent: boolean;
  allowStdin: boolean;
  /** Payloads (pager) for the running cell's reply. */
  payloads: Record<string, unknown>[] | undefined;
}

/** Message types that are output (suppressed when silent); comm messages are not. */
const OUTPUT_TYPES = new Set(['stream', 'display_data', 'update_display_data', 'clear_output', 'execute_result', 'error']);

export class Kernel {
  private readonly handlers = new Map<string, Handler>();
  private readonly queue: Incoming[] = [];
  private pumping = false;
  /** execute_requests received up to this time are aborted (stop_on_error after a failed cell). */
  private abortReceivedBefore = -Infinity;
  private exitRequested = false;
  scope: OutputScope = { parent: undefined, silent: false, allowStdin: false, payloads: undefined };

  constructor(
    readonly io: IoChannel,
    readonly capture: OutputCapture,
    private readonly onExit: () => Promise<void>,
  ) {}

  /** No request is waiting or being handled. */
  get idle(): boolean {
    return !this.pumping && this.queue.length === 0;
  }

  on(msgType: string, handler: Handler): this {
    this.handlers.set(msgType, handler);
    return this;
  }

  receive = (incoming: Incoming): void => {
    if (incoming.channel === 'control') {
      void this.dispatch(incoming);
      return;
    }
    this.queue.push(incoming);
    if (!this.pumping) void this.pump();
  };

  private async pump(): Promise<void> {
    this.pumping = true;
    while (this.queue.length > 0) await this.dispatch(this.queue.shift()!);
    this.pumping = false;
  }

  /**
   * After a failed cell with stop_on_error: abort the execute_requests already received (a "Run
   * all" batch), not those sent later. ipykernel does the same (stop_on_error_timeout = 0).
   */
  abortQueued(): void {
    this.abortReceivedBefore = Date.now();
  }

  /** Exit once the current request has been answered. */
  requestExit(): void {
    this.exitRequested = true;
  }

  private context(incoming: Incoming, replied: { done: boolean }): RequestContext {
    const { msg, channel } = incoming;
    return {
      msg,
      channel,
      reply: (content, msgType = replyType(msg.header.msg_type)) => {
        replied.done = true;
        this.capture.flush();
        this.io.send(channel, msgType, content, { parent: msg });
      },
      publish: (msgType, content, extra) => this.io.publish(msgType, content, { parent: msg, ...extra }),
    };
  }

  private async dispatch(incoming: Incoming): Promise<void> {
    const { msg } = incoming;
    const type = msg.header.msg_type;
    const replied = { done: false };
    const ctx = this.context(incoming, replied);
    ctx.publish('status', { execution_state: 'busy' });
    try {
      if (type === 'execute_request' && incoming.receivedAt <= this.abortReceivedBefore) {
        // Not run: an earlier cell of the same batch failed. The status ipykernel sends.
        ctx.reply({ status: 'aborted' });
      } else {
        const handler = this.handlers.get(type);
        if (handler) await handler(ctx);
        else this.capture.log(`unsupported message type ${type}`);
      }
    } catch (e) {
      this.capture.log(`handling ${type} failed: ${(e as Error).stack ?? String(e)}`);
      if (!replied.done && type.endsWith('_request')) {
        ctx.reply({ status: 'error', ename: 'KernelError', evalue: (e as Error).message ?? String(e), traceback: [] });
      }
    }
    if (!replied.done && type.endsWith('_request') && !this.handlers.has(type)) {
      ctx.reply({ status: 'error', ename: 'NotImplementedError', evalue: `the losslab kernel does not support ${type}`, traceback: [] });
    }
    this.capture.flush();
    ctx.publish('status', { execution_state: 'idle' });
    if (this.exitRequested) await this.onExit();
  }

  /** Publish output of notebook code (prints, displays, comm messages) to the current scope. */
  publishOutput(msgType: string, content: Record<string, unknown>, extra?: { metadata?: Record<string, unknown>; buffers?: Uint8Array[] }): void {
    const { parent, silent } = this.scope;
    if (silent && OUTPUT_TYPES.has(msgType)) return;
    if (msgType !== 'stream') this.capture.flush();
    this.io.publish(msgType, content, { parent, ...extra });
  }

  /** Stream text from the capture. Without any request yet, it goes to the kernel's log. */
  stream = (name: StreamName, text: string): void => {
    if (!this.scope.parent) {
      this.capture.original[name](text);
      return;
    }
    this.publishOutput('stream', { name, text });
  };

  /** The notebook-side API's view of the kernel (runtime/host.ts). */
  host(): KernelHost {
    return {
      publish: (msgType, content, extra) => this.publishOutput(msgType, content, extra),
      input: (prompt, password) => {
        const { parent, allowStdin } = this.scope;
        if (!parent || !allowStdin) throw new Error('prompt(): this frontend does not accept input (allow_stdin is false)');
        this.capture.flush();
        return this.io.requestInput(prompt, password, parent);
      },
      payload: (payload) => {
        this.scope.payloads?.push(payload);
      },
    };
  }
}
