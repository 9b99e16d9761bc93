import { describe, expect, it } from 'vitest';
import { OutputCapture, type StreamName } from '../../kernel-ext/src/kernel/capture.js';

function capturing(run: (sent: [StreamName, string][], capture: OutputCapture) => void | Promise<void>) {
  return async () => {
    const sent: [StreamName, string][] = [];
    const capture = new OutputCapture((name, text) => sent.push([name, text]));
    try {
      await run(sent, capture);
    } finally {
      capture.dispose();
    }
  };
}

describe('stdout/stderr capture', () => {
  it(
    'coalesces writes into one message per stream and keeps the order of interleaved ones',
    capturing(async (sent, capture) => {
      process.stdout.write('a');
      process.stdout.write('b\n');
      process.stderr.write('warn\n');
      process.stdout.write('c');
      capture.flush();
      expect(sent).toEqual([
        ['stdout', 'ab\n'],
        ['stderr', 'warn\n'],
        ['stdout', 'c'],
      ]);
    }),
  );

  it(
    'sends on the next turn of the event loop without an explicit flush',
    capturing(async (sent) => {
      process.stdout.write('later\n');
      expect(sent).toEqual([]);
      await new Promise((r) => setImmediate(r));
      expect(sent).toEqual([['stdout', 'later\n']]);
    }),
  );

  it(
    'sends during a long synchronous loop (size limit), decoding UTF-8 split across writes',
    capturing((sent) => {
      const euro = Buffer.from('€');
      process.stdout.write(euro.subarray(0, 1));
      process.stdout.write(euro.subarray(1));
      for (let i = 0; i < 2000; i++) process.stdout.write('0123456789');
      expect(sent.length).toBeGreaterThan(0);
      expect(sent[0]![1].startsWith('€0123')).toBe(true);
    }),
  );

  it('gives process.stdout its own write back', () => {
    const original = process.stdout.write;
    const capture = new OutputCapture(() => undefined);
    expect(process.stdout.write).not.toBe(original);
    capture.dispose();
    expect(process.stdout.write).toBe(capture.original.stdout);
  });
});
