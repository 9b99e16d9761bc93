/**
 * comm_open, comm_msg, comm_close and comm_info_request from the frontend, delivered to the
 * notebook's comms (runtime/comms.ts). A comm_open to a target nobody registered is answered with
 * comm_close, as ipykernel does. Handlers run with the comm message as the output parent.
 * See https://jupyter-client.readthedocs.io/en/latest/messaging.html#custom-messages
 */
import { comms, type CommMessage } from '../../runtime/comms.js';
import type { Handler, RequestContext } from '../context.js';
import type { Kernel } from '../kernel.js';

function commMessage(ctx: RequestContext): CommMessage {
  const data = ctx.msg.content.data;
  return {
    data: data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {},
    metadata: ctx.msg.metadata,
    buffers: ctx.msg.buffers,
  };
}

/** Run a comm handler with its message as the output parent, then restore the cell's. */
async function withParent(kernel: Kernel, ctx: RequestContext, run: () => Promise<void>): Promise<void> {
  const previous = kernel.scope;
  kernel.scope = { parent: ctx.msg, silent: false, allowStdin: false, payloads: undefined };
  try {
    await run();
  } catch (e) {
    // The frontend shows nothing for a failed comm handler: tell the kernel log and stderr.
    const text = `error in a comm handler: ${(e as Error).stack ?? String(e)}`;
    kernel.capture.log(text);
    kernel.publishOutput('stream', { name: 'stderr', text: text + '\n' });
  } finally {
    kernel.capture.flush();
    kernel.scope = previous;
  }
}

export function commOpenHandler(kernel: Kernel): Handler {
  return (ctx) =>
    withParent(kernel, ctx, async () => {
      const id = String(ctx.msg.content.comm_id ?? '');
      const target = String(ctx.msg.content.target_name ?? '');
      const accepted = await comms.acceptOpen(id, target, commMessage(ctx));
      if (!accepted) {
        kernel.capture.log(`comm_open to unknown target '${target}': closing comm ${id}`);
        ctx.publish('comm_close', { comm_id: id, data: {} });
      }
    });
}

export function commMsgHandler(kernel: Kernel): Handler {
  return (ctx) =>
    withParent(kernel, ctx, async () => {
      const comm = comms.get(String(ctx.msg.content.comm_id ?? ''));
      if (comm) await comm.deliver('msg', commMessage(ctx));
      else kernel.capture.log(`comm_msg for unknown comm ${String(ctx.msg.content.comm_id)}`);
    });
}

export function commCloseHandler(kernel: Kernel): Handler {
  return (ctx) =>
    withParent(kernel, ctx, async () => {
      const comm = comms.get(String(ctx.msg.content.comm_id ?? ''));
      if (comm) await comm.deliver('close', commMessage(ctx));
    });
}

export const commInfoHandler: Handler = (ctx) => {
  const target = typeof ctx.msg.content.target_name === 'string' && ctx.msg.content.target_name ? ctx.msg.content.target_name : undefined;
  ctx.reply({ status: 'ok', comms: comms.info(target) });
};
