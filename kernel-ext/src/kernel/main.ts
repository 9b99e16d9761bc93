/**
 * The kernel process: `losslab-kernel <connection_file>` (what kernel.json's argv runs).
 *
 * Start-up order: the I/O thread binds the sockets and answers kernel_info at once; meanwhile the
 * main thread loads tslab's TypeScript converter (about a second); requests that arrive meanwhile
 * wait in order.
 */
import { randomUUID } from 'node:crypto';
import { setKernelHost } from '../runtime/host.js';
import { OutputCapture } from './capture.js';
import { Engine } from './engine.js';
import { commCloseHandler, commInfoHandler, commMsgHandler, commOpenHandler } from './handlers/comms.js';
import { ExecuteHandler } from './handlers/execute.js';
import { History, historyHandler } from './handlers/history.js';
import { completeHandler, inspectHandler, isCompleteHandler } from './handlers/introspection.js';
import { kernelInfo, shutdownHandler } from './handlers/lifecycle.js';
import { readConnectionFile } from './io/connection.js';
import { IoChannel } from './io/ioChannel.js';
import { Kernel } from './kernel.js';
import { runtimeError } from './traceback.js';

export async function main(argv: string[]): Promise<void> {
  const connectionFile = argv.find((a) => !a.startsWith('-'));
  if (!connectionFile) {
    process.stderr.write('usage: losslab-kernel <connection_file>\n(Jupyter starts this; see `jupyter kernelspec list`)\n');
    process.exit(2);
  }
  readConnectionFile(connectionFile); // fail here, with the file's name, rather than in the I/O thread

  let engine: Engine | undefined;
  let kernel: Kernel | undefined;
  // SIGINT interrupts the running cell; before the engine exists it must not end the process.
  process.on('SIGINT', () => engine?.interrupt());

  const capture: OutputCapture = new OutputCapture((name, text) => (kernel ? kernel.stream(name, text) : capture.original[name](text)));
  const io = new IoChannel(connectionFile, randomUUID(), kernelInfo(), (text) => capture.log(text));

  const exit = async (code = 0) => {
    try {
      engine?.close();
      await io.close();
    } finally {
      process.exit(code);
    }
  };
  kernel = new Kernel(io, capture, () => exit(0));
  setKernelHost(kernel.host());

  // Errors of callbacks and promises a cell left behind: report them to that cell, keep running.
  const reportLate = (label: string) => (reason: unknown) => {
    const text = `${label}: ${runtimeError(reason).traceback.join('\n')}\n`;
    if (kernel?.scope.parent) kernel.publishOutput('stream', { name: 'stderr', text });
    else capture.log(text);
  };
  process.on('uncaughtException', reportLate('Uncaught exception'));
  process.on('unhandledRejection', reportLate('Unhandled promise rejection'));

  await io.ready;
  engine = new Engine(process.cwd(), () => io.beginRun());
  const history = new History();
  const execute = new ExecuteHandler(kernel, engine, history);
  kernel
    .on('execute_request', execute.handle)
    .on('complete_request', completeHandler(engine))
    .on('inspect_request', inspectHandler(engine))
    .on('is_complete_request', isCompleteHandler(engine))
    .on('history_request', historyHandler(history))
    .on('comm_open', commOpenHandler(kernel))
    .on('comm_msg', commMsgHandler(kernel))
    .on('comm_close', commCloseHandler(kernel))
    .on('comm_info_request', commInfoHandler)
    .on('shutdown_request', shutdownHandler(kernel));
  const tslabDisplay = engine.tslab;
  tslabDisplay.setDisplaySink((content, update) => kernel!.publishOutput(update ? 'update_display_data' : 'display_data', content));
  io.listen(kernel.receive);
  // Most notebooks of this kernel start with these imports; prepare them while the user reads.
  // Programs (nbclient, tests) send their first cell at once: then the cell does it, so wait a
  // moment to see. LOSSLAB_KERNEL_WARMUP=0 turns this off.
  if (process.env.LOSSLAB_KERNEL_WARMUP !== '0') {
    setTimeout(() => {
      if (kernel!.idle) engine!.warmUp(['losslab', '@losslab/kernel'], () => kernel!.idle);
    }, WARMUP_DELAY_MS);
  }
}

const WARMUP_DELAY_MS = 500;
