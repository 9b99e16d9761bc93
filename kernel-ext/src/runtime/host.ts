/**
 * The bridge between notebook code and the running kernel.
 *
 * Notebook cells import `@losslab/kernel` while the kernel runs them; the two may load this module
 * through different loaders (ESM import in the kernel, tslab's require in a cell), so the host is
 * kept on `globalThis` under a registered symbol rather than in a module variable.
 */

/** The iopub messages the notebook-side API publishes, and the kernel services it may call. */
export interface KernelHost {
  /** Publish a message on iopub, parented to the request being executed. */
  publish(msgType: string, content: Record<string, unknown>): void;
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
