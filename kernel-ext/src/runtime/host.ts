/**
 * The bridge between notebook code and the running kernel.
 *
 * Notebook cells import `@losslab/kernel` while the kernel runs them; the two may load this module
 * through different loaders (ESM import in the kernel, tslab's require in a cell), so the host is
 * kept on `globalThis` under a registered symbol rather than in a module variable.
 */

/** What the kernel offers the notebook-side API. */
export interface KernelHost {
  /** Publish a message on iopub, parented to the request being handled. */
  publish(msgType: string, content: Record<string, unknown>, extra?: { metadata?: Record<string, unknown>; buffers?: Uint8Array[] }): void;
  /** Ask the frontend for a line of input (stdin channel), blocking until it answers. */
  input(prompt: string, password: boolean): string;
  /** Add a payload (e.g. `{ source: 'page', data, start }`) to the reply of the running cell. */
  payload(payload: Record<string, unknown>): void;
}

const HOST_KEY = Symbol.for('losslab.kernel.host');

type HostSlot = { [HOST_KEY]?: KernelHost };

/** Install (or with `undefined`, remove) the host; called by the kernel at start-up. */
export function setKernelHost(host: KernelHost | undefined): void {
  (globalThis as HostSlot)[HOST_KEY] = host;
}

/** The running kernel's host, or `undefined` outside a kernel (plain Node, tests). */
export function kernelHost(): KernelHost | undefined {
  return (globalThis as HostSlot)[HOST_KEY];
}

/** One per process, shared by every copy of this module (see above). */
export function processSingleton<T>(name: string, create: () => T): T {
  const key = Symbol.for(`losslab.kernel.${name}`);
  const slot = globalThis as Record<symbol, unknown>;
  if (!(key in slot)) slot[key] = create();
  return slot[key] as T;
}
