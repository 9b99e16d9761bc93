/**
 * Comms: message channels between notebook code and the frontend (what widgets are built on).
 * See https://jupyter-client.readthedocs.io/en/latest/messaging.html#custom-messages
 *
 * ```ts
 * import { comms, openComm } from '@losslab/kernel';
 * // The frontend opens a comm to a target the notebook registered:
 * comms.registerTarget('echo', (comm, open) => {
 *   comm.onMsg((msg) => comm.send({ echo: msg.data }));
 * });
 * // Or the notebook opens one to a target the frontend registered:
 * const comm = openComm('my.frontend.target', { hello: 1 });
 * comm.send({ step: 1 });
 * comm.close();
 * ```
 */
import { randomUUID } from 'node:crypto';
import { kernelHost, processSingleton } from './host.js';

/** JSON data of a comm message. */
export type CommData = Record<string, unknown>;

export interface CommMessage {
  data: CommData;
  metadata: Record<string, unknown>;
  buffers: Uint8Array[];
}

export type CommHandler = (msg: CommMessage) => void | Promise<void>;
export type TargetHandler = (comm: Comm, open: CommMessage) => void | Promise<void>;

function requireHost() {
  const host = kernelHost();
  if (!host) throw new Error('comms need a running losslab kernel (this code is not running in one)');
  return host;
}

export class Comm {
  private readonly msgHandlers: CommHandler[] = [];
  private readonly closeHandlers: CommHandler[] = [];
  private isClosed = false;

  constructor(
    readonly id: string,
    readonly targetName: string,
    private readonly manager: CommManager,
  ) {}

  get closed(): boolean {
    return this.isClosed;
  }

  /** Send data to the frontend's side of this comm. */
  send(data: CommData = {}, metadata: Record<string, unknown> = {}, buffers: Uint8Array[] = []): void {
    if (this.isClosed) throw new Error(`comm ${this.id} (${this.targetName}) is closed`);
    requireHost().publish('comm_msg', { comm_id: this.id, data }, { metadata, buffers });
  }

  /** Close the comm (both sides); the close handlers of this side are not called. */
  close(data: CommData = {}): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.manager.forget(this.id);
    kernelHost()?.publish('comm_close', { comm_id: this.id, data });
  }

  /** Call `handler` with each message the frontend sends on this comm. */
  onMsg(handler: CommHandler): this {
    this.msgHandlers.push(handler);
    return this;
  }

  /** Call `handler` when the frontend closes this comm. */
  onClose(handler: CommHandler): this {
    this.closeHandlers.push(handler);
    return this;
  }

  /** @internal Deliver a message from the frontend. */
  async deliver(kind: 'msg' | 'close', msg: CommMessage): Promise<void> {
    if (kind === 'close') {
      this.isClosed = true;
      this.manager.forget(this.id);
    }
    for (const handler of kind === 'msg' ? this.msgHandlers : this.closeHandlers) await handler(msg);
  }
}

export class CommManager {
  private readonly targets = new Map<string, TargetHandler>();
  private readonly comms = new Map<string, Comm>();

  /** Accept comms the frontend opens to `target`. */
  registerTarget(target: string, handler: TargetHandler): void {
    this.targets.set(target, handler);
  }

  unregisterTarget(target: string): void {
    this.targets.delete(target);
  }

  /** Open a comm to a target registered in the frontend. */
  open(target: string, data: CommData = {}, metadata: Record<string, unknown> = {}, buffers: Uint8Array[] = []): Comm {
    const host = requireHost();
    const comm = new Comm(randomUUID().replace(/-/g, ''), target, this);
    this.comms.set(comm.id, comm);
    host.publish('comm_open', { comm_id: comm.id, target_name: target, data }, { metadata, buffers });
    return comm;
  }

  /** The open comms, optionally of one target: `{ [id]: { target_name } }` as comm_info_reply has it. */
  info(target?: string): Record<string, { target_name: string }> {
    const out: Record<string, { target_name: string }> = {};
    for (const comm of this.comms.values()) {
      if (!target || comm.targetName === target) out[comm.id] = { target_name: comm.targetName };
    }
    return out;
  }

  get(id: string): Comm | undefined {
    return this.comms.get(id);
  }

  /** @internal A comm the frontend opened: false when no handler is registered for its target. */
  async acceptOpen(id: string, target: string, msg: CommMessage): Promise<boolean> {
    const handler = this.targets.get(target);
    if (!handler) return false;
    const comm = new Comm(id, target, this);
    this.comms.set(id, comm);
    await handler(comm, msg);
    return true;
  }

  /** @internal */
  forget(id: string): void {
    this.comms.delete(id);
  }
}

/** The process's comm manager (shared by the kernel and every notebook import). */
export const comms: CommManager = processSingleton('comms', () => new CommManager());

/** Open a comm to a target registered in the frontend; see {@link CommManager.open}. */
export function openComm(target: string, data?: CommData, metadata?: Record<string, unknown>, buffers?: Uint8Array[]): Comm {
  return comms.open(target, data, metadata, buffers);
}
