/**
 * process.stdout and process.stderr of notebook code as `stream` messages.
 *
 * Writes are buffered per stream and sent as one message when the event loop turns, when the
 * buffer grows large or old (so a long synchronous loop still shows its prints), or before any
 * other output (`flush`), which keeps prints and displays in the order they were made.
 */
import { StringDecoder } from 'node:string_decoder';

export type StreamName = 'stdout' | 'stderr';
type Write = typeof process.stdout.write;

const MAX_BUFFERED_CHARS = 8192;
const MAX_BUFFERED_MS = 100;

export class OutputCapture {
  private readonly buffers: Record<StreamName, string> = { stdout: '', stderr: '' };
  private readonly decoders: Record<StreamName, StringDecoder> = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  private firstBufferedAt = 0;
  private scheduled = false;
  /** The process's own writes, for the kernel's log. */
  readonly original: Record<StreamName, Write>;

  constructor(private readonly send: (name: StreamName, text: string) => void) {
    this.original = {
      stdout: process.stdout.write.bind(process.stdout),
      stderr: process.stderr.write.bind(process.stderr),
    };
    process.stdout.write = this.writer('stdout');
    process.stderr.write = this.writer('stderr');
  }

  private writer(name: StreamName): Write {
    return ((chunk: string | Uint8Array, encodingOrCallback?: BufferEncoding | ((e?: Error | null) => void), callback?: (e?: Error | null) => void) => {
      const encoding = typeof encodingOrCallback === 'string' ? encodingOrCallback : undefined;
      const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
      const text = typeof chunk === 'string' ? (encoding && encoding !== 'utf8' && encoding !== 'utf-8' ? Buffer.from(chunk, encoding).toString('utf8') : chunk) : this.decoders[name].write(Buffer.from(chunk));
      this.append(name, text);
      if (done) queueMicrotask(() => done(null));
      return true;
    }) as Write;
  }

  private append(name: StreamName, text: string): void {
    if (!text) return;
    // Keep the order of interleaved stdout and stderr writes.
    const other: StreamName = name === 'stdout' ? 'stderr' : 'stdout';
    if (this.buffers[other]) this.flush();
    const now = Date.now();
    if (!this.buffers.stdout && !this.buffers.stderr) this.firstBufferedAt = now;
    this.buffers[name] += text;
    if (this.buffers[name].length > MAX_BUFFERED_CHARS || now - this.firstBufferedAt > MAX_BUFFERED_MS) {
      this.flush();
    } else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.flush();
      });
    }
  }

  /** Send what is buffered now. */
  flush(): void {
    for (const name of ['stdout', 'stderr'] as const) {
      const text = this.buffers[name];
      if (!text) continue;
      this.buffers[name] = '';
      this.send(name, text);
    }
  }

  /** Give process.stdout/stderr their own writes back (after a last flush). */
  dispose(): void {
    this.flush();
    process.stdout.write = this.original.stdout;
    process.stderr.write = this.original.stderr;
  }

  /** Write to the kernel's real stderr (the Jupyter server's log), bypassing the capture. */
  log(text: string): void {
    this.original.stderr(`[losslab kernel] ${text}\n`);
  }
}
