/**
 * shutdown_request (reply, then exit) and the kernel_info_reply content. kernel_info_request and
 * interrupt_request themselves are answered by the I/O thread (io/ioThread.ts).
 */
import { createRequire } from 'node:module';
import type { Handler } from '../context.js';
import type { Kernel } from '../kernel.js';
import { PROTOCOL_VERSION } from '../io/wire.js';
import { tslabInfo } from '../tslab/loadTslab.js';

const require = createRequire(import.meta.url);

export function kernelInfo(): Record<string, unknown> {
  const tslab = tslabInfo();
  const version = (require('../../../package.json') as { version: string }).version;
  return {
    status: 'ok',
    protocol_version: PROTOCOL_VERSION,
    implementation: 'losslab-kernel',
    implementation_version: version,
    language_info: {
      name: 'typescript',
      version: tslab.typescriptVersion,
      mimetype: 'text/typescript',
      file_extension: '.ts',
      pygments_lexer: 'typescript',
      // JupyterLab picks its TypeScript mode from `mode`; the classic notebook needs the rest.
      codemirror_mode: { name: 'javascript', mode: 'typescript', typescript: true },
      nbconvert_exporter: 'script',
    },
    banner: `losslab kernel ${version}: TypeScript ${tslab.typescriptVersion} on Node.js ${process.version} (tslab ${tslab.version})`,
    help_links: [
      { text: 'TypeScript handbook', url: 'https://www.typescriptlang.org/docs/handbook/intro.html' },
      { text: 'TensorFlow.js API', url: 'https://js.tensorflow.org/api/latest/' },
    ],
    debugger: false,
  };
}

export function shutdownHandler(kernel: Kernel): Handler {
  return (ctx) => {
    ctx.reply({ status: 'ok', restart: ctx.msg.content.restart === true });
    kernel.requestExit();
  };
}
