/**
 * The main thread's side of the I/O thread: send and publish messages, receive requests, and
 * block for a stdin reply.
 */
import { Worker } from 'node:worker_threads';
import { encodeMessage, iopubTopic, type OutgoingOptions } from './messages.js';
import {
  INPUT_CAPACITY,
  INPUT_HEADER_BYTES,
  INPUT_INTERRUPTED,
  INPUT_REPLIED,
  INPUT_WAITING,
  RUN_CURRENT,
  RUN_INTERRUPTED,
  type Channel,
  type FromIo,
  type IoStartData,
  type ToIo,
} from './protocol.js';
import type { Message } from './wire.js';
import type { RunGuard } from '../engine.js';

export interface Incoming {
  channel: 'shell' | 'control';
  msg: Message;
  /** When the I/O thread received it (ms since the epoch). */
  receivedAt: number;
}

export class InputInterrupted extends Error {
  override name = 'KeyboardInterrupt';
  constructor() {
    super('input interrupted');
  }
}

export class IoChannel {
  private readonly worker: Worker;
  private readonly input = new SharedArrayBuffer(INPUT_HEADER_BYTES + INPUT_CAPACITY);
  private readonly runState = new Int32Array(new SharedArrayBuffer(8));
  private runId = 0;
  /** Requests that arrived before `listen` (while the engine was loading). */
  private early: Incoming[] = [];
  private onRequest: (m: Incoming) => void = (m) => this.early.push(m);
  private closed?: () => void;
  readonly ready: Promise<void>;

  constructor(
    connectionFile: string,
    readonly session: string,
    kernelInfo: Record<string, unknown>,
    private readonly log: (text: string) => void,
  ) {
    const data: IoStartData = { connectionFile, session, kernelInfo, input: this.input, runState: this.runState.buffer as SharedArrayBuffer };
    this.worker = new Worker(new URL('./ioThread.js', import.meta.url), { workerData: data });
    this.ready = new Promise((resolve, reject) => {
      this.worker.on('message', (m: FromIo) => {
        switch (m.op) {
          case 'ready':
            return resolve();
          case 'message':
            return this.onRequest({ channel: m.channel, msg: m.msg, receivedAt: m.receivedAt });
          case 'log':
            return this.log(m.text);
          case 'closed':
            return this.closed?.();
        }
      });
      this.worker.on('error', (e) => {
        this.log(`I/O thread failed: ${e.stack ?? e.message}`);
        reject(e);
      });
    });
  }

  /**
   * Receive shell and control requests (kernel_info and interrupt are answered by the I/O thread),
   * from now on and those that came before; kernel_info is answered from now on.
   */
  listen(onRequest: (m: Incoming) => void): void {
    this.onRequest = onRequest;
    this.post({ op: 'engine-ready' });
    for (const m of this.early.splice(0)) onRequest(m);
  }

  private post(m: ToIo): void {
    this.worker.postMessage(m);
  }

  send(channel: Exclude<Channel, 'iopub'>, msgType: string, content: Record<string, unknown>, options: OutgoingOptions): void {
    this.post({ op: 'send', channel, parts: encodeMessage(msgType, content, this.session, options) });
  }

  publish(msgType: string, content: Record<string, unknown>, options: OutgoingOptions = {}): void {
    const parts = encodeMessage(msgType, content, this.session, { ...options, idents: iopubTopic(msgType) });
    const status = msgType === 'status' ? (content.execution_state as 'busy' | 'idle') : undefined;
    this.post({ op: 'send', channel: 'iopub', parts, status });
  }

  /**
   * Ask the frontend for a line of input and wait for it (the main thread blocks, as Python's
   * input() does). Throws InputInterrupted when the kernel is interrupted meanwhile.
   */
  requestInput(prompt: string, password: boolean, parent: Message): string {
    const state = new Int32Array(this.input, 0, 2);
    Atomics.store(state, 0, INPUT_WAITING);
    this.post({ op: 'input', parts: encodeMessage('input_request', { prompt, password }, this.session, { parent }) });
    while (Atomics.load(state, 0) === INPUT_WAITING) Atomics.wait(state, 0, INPUT_WAITING, 100);
    if (Atomics.load(state, 0) === INPUT_INTERRUPTED) throw new InputInterrupted();
    if (Atomics.load(state, 0) !== INPUT_REPLIED) throw new Error('stdin: unexpected state');
    const length = Atomics.load(state, 1);
    return Buffer.from(new Uint8Array(this.input, INPUT_HEADER_BYTES, length)).toString('utf8');
  }

  /**
   * Tell the I/O thread whether a cell runs, so that interrupt_request signals only then. The
   * returned guard says whether an interrupt was sent for this run.
   */
  beginRun(): RunGuard {
    const id = ++this.runId;
    Atomics.store(this.runState, RUN_CURRENT, id);
    return {
      interrupted: () => Atomics.load(this.runState, RUN_INTERRUPTED) === id,
      end: () => {
        Atomics.store(this.runState, RUN_CURRENT, 0);
      },
    };
  }

  /** Flush what is queued, close the sockets and stop the I/O thread. */
  async close(timeoutMs = 2000): Promise<void> {
    const done = new Promise<void>((resolve) => (this.closed = resolve));
    this.post({ op: 'close' });
    await Promise.race([done, new Promise((r) => setTimeout(r, timeoutMs))]);
    await this.worker.terminate();
  }
}
