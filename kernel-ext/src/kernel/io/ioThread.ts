/**
 * The kernel's I/O thread (a worker): owns the five ZeroMQ sockets.
 *
 * It answers the heartbeat, kernel_info_request (once the main thread can run cells) and
 * interrupt_request itself, so they work while a cell blocks the main thread; it forwards every other shell/control request to the main thread
 * and sends what the main thread hands it, one send at a time per socket.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Publisher, Reply, Router, type Socket } from 'zeromq';
import { endpoint, readConnectionFile } from './connection.js';
import { encodeMessage, iopubTopic } from './messages.js';
import {
  INPUT_CAPACITY,
  INPUT_HEADER_BYTES,
  INPUT_INTERRUPTED,
  INPUT_REPLIED,
  RUN_CURRENT,
  RUN_INTERRUPTED,
  type Channel,
  type FromIo,
  type IoStartData,
  type ToIo,
} from './protocol.js';
import { Signer, WireError, decode, encode, type EncodedParts, type Message } from './wire.js';

const start = workerData as IoStartData;
const port = parentPort!;
const post = (m: FromIo): void => port.postMessage(m);
const log = (text: string): void => post({ op: 'log', text });

const connection = readConnectionFile(start.connectionFile);
const signer = new Signer(connection.key, connection.signature_scheme);

/** Sends one message at a time: zeromq rejects a send while another is waiting (EBUSY). */
class Sender {
  private queue: (Uint8Array | string)[][] = [];
  private sending = false;
  private idle: (() => void)[] = [];

  constructor(readonly socket: Socket & { send(frames: (Uint8Array | string)[]): Promise<void> }) {}

  push(frames: (Uint8Array | string)[]): void {
    this.queue.push(frames);
    if (!this.sending) void this.pump();
  }

  private async pump(): Promise<void> {
    this.sending = true;
    while (this.queue.length > 0) {
      const frames = this.queue.shift()!;
      try {
        await this.socket.send(frames);
      } catch (e) {
        if (this.socket.closed) break;
        log(`send failed: ${(e as Error).message}`);
      }
    }
    this.sending = false;
    for (const resolve of this.idle.splice(0)) resolve();
  }

  /** Resolves when everything queued has been handed to ZeroMQ. */
  drained(): Promise<void> {
    return this.sending ? new Promise((resolve) => this.idle.push(resolve)) : Promise.resolve();
  }
}

const sockets = {
  shell: new Router(),
  control: new Router(),
  stdin: new Router(),
  iopub: new Publisher(),
  hb: new Reply(),
};
const senders: Record<Channel, Sender> = {
  shell: new Sender(sockets.shell),
  control: new Sender(sockets.control),
  stdin: new Sender(sockets.stdin),
  iopub: new Sender(sockets.iopub),
};

/** The last execution_state the kernel published: busy while the main thread handles a request. */
let kernelState: 'starting' | 'busy' | 'idle' = 'starting';
/** The shared input buffer, and whether the main thread is blocked waiting for an input_reply. */
const inputState = new Int32Array(start.input, 0, 2);
const inputBytes = new Uint8Array(start.input, INPUT_HEADER_BYTES, INPUT_CAPACITY);
let inputPending = false;
let engineReady = false;
const heldKernelInfo: ['shell' | 'control', Message][] = [];
const runState = new Int32Array(start.runState);

function send(channel: Channel, parts: EncodedParts): void {
  senders[channel].push(encode(parts, signer));
}

function sendOwn(channel: Channel, msgType: string, content: Record<string, unknown>, parent?: Message): void {
  const idents = channel === 'iopub' ? iopubTopic(msgType) : undefined;
  send(channel, encodeMessage(msgType, content, start.session, { parent, idents }));
}

/**
 * A request answered here. Status messages only when the main thread is idle, so that answering
 * kernel_info during a long cell does not make frontends show the kernel as idle.
 */
function answer(channel: Channel, msg: Message, replyType: string, content: Record<string, unknown>): void {
  const publishStatus = kernelState !== 'busy';
  if (publishStatus) sendOwn('iopub', 'status', { execution_state: 'busy' }, msg);
  sendOwn(channel, replyType, content, msg);
  if (publishStatus) sendOwn('iopub', 'status', { execution_state: 'idle' }, msg);
}

function interrupt(msg: Message): void {
  if (inputPending) {
    // The main thread waits for stdin in our own code: wake it (its prompt() throws). A signal as
    // well would race with that and could interrupt the next cell instead.
    wakeInput(INPUT_INTERRUPTED, new Uint8Array());
  } else {
    const current = Atomics.load(runState, RUN_CURRENT);
    // Nothing runs: nothing to interrupt (a signal now would reach the next cell instead).
    if (current !== 0) {
      Atomics.store(runState, RUN_INTERRUPTED, current);
      // The main thread turns SIGINT into an interrupt of the running cell (node:vm
      // breakOnSigint for synchronous code, the executor's interrupt for awaited code).
      process.kill(process.pid, 'SIGINT');
    }
  }
  answer('control', msg, 'interrupt_reply', { status: 'ok' });
}

function wakeInput(state: number, bytes: Uint8Array): void {
  const n = Math.min(bytes.length, INPUT_CAPACITY);
  inputBytes.set(bytes.subarray(0, n));
  Atomics.store(inputState, 1, n);
  Atomics.store(inputState, 0, state);
  Atomics.notify(inputState, 0);
  inputPending = false;
}

function handleRequest(channel: 'shell' | 'control', frames: Uint8Array[]): void {
  let msg: Message;
  try {
    msg = decode(frames, signer);
  } catch (e) {
    log(e instanceof WireError ? e.message : `bad message: ${(e as Error).message}`);
    return;
  }
  const type = msg.header.msg_type;
  if (type === 'kernel_info_request') {
    // Clients take this reply as "ready": hold it until the main thread can run cells.
    if (engineReady) answer(channel, msg, 'kernel_info_reply', start.kernelInfo);
    else heldKernelInfo.push([channel, msg]);
    return;
  }
  if (type === 'interrupt_request' && channel === 'control') return interrupt(msg);
  post({ op: 'message', channel, msg, receivedAt: Date.now() });
}

function handleStdin(frames: Uint8Array[]): void {
  let msg: Message;
  try {
    msg = decode(frames, signer);
  } catch (e) {
    log(`stdin: ${(e as Error).message}`);
    return;
  }
  if (msg.header.msg_type !== 'input_reply' || !inputPending) return;
  const value = msg.content.value;
  wakeInput(INPUT_REPLIED, Buffer.from(typeof value === 'string' ? value : '', 'utf8'));
}

async function receive(socket: Router | Reply, onFrames: (frames: Uint8Array[]) => void): Promise<void> {
  try {
    for await (const frames of socket) onFrames(frames);
  } catch (e) {
    if (!socket.closed) log(`receive failed: ${(e as Error).message}`);
  }
}

/** Exit with the Jupyter server that started us (it sets JPY_PARENT_PID), as ipykernel does. */
function watchParent(): void {
  const parent = Number(process.env.JPY_PARENT_PID);
  if (!Number.isInteger(parent) || parent <= 1) return;
  const timer = setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch {
      clearInterval(timer);
      process.kill(process.pid, 'SIGTERM');
    }
  }, 2000);
  timer.unref();
}

async function close(): Promise<void> {
  await Promise.all(Object.values(senders).map((s) => s.drained()));
  for (const socket of Object.values(sockets)) {
    socket.linger = 200;
    socket.close();
  }
  post({ op: 'closed' });
}

port.on('message', (m: ToIo) => {
  switch (m.op) {
    case 'send':
      if (m.status) kernelState = m.status;
      send(m.channel, m.parts);
      break;
    case 'input':
      Atomics.store(inputState, 0, 0);
      inputPending = true;
      send('stdin', m.parts);
      break;
    case 'engine-ready':
      engineReady = true;
      for (const [channel, msg] of heldKernelInfo.splice(0)) answer(channel, msg, 'kernel_info_reply', start.kernelInfo);
      break;
    case 'close':
      void close();
      break;
  }
});

async function main(): Promise<void> {
  await Promise.all(
    (Object.keys(sockets) as (keyof typeof sockets)[]).map((name) => sockets[name].bind(endpoint(connection, name))),
  );
  void receive(sockets.shell, (f) => handleRequest('shell', f));
  void receive(sockets.control, (f) => handleRequest('control', f));
  void receive(sockets.stdin, handleStdin);
  void receive(sockets.hb, (f) => void sockets.hb.send(f).catch(() => undefined));
  watchParent();
  sendOwn('iopub', 'status', { execution_state: 'starting' });
  post({ op: 'ready' });
}

main().catch((e: Error) => {
  log(`cannot bind the kernel sockets: ${e.message}`);
  process.kill(process.pid, 'SIGTERM');
});
