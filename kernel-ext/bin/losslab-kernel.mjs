#!/usr/bin/env node
// The losslab Jupyter kernel: `losslab-kernel <connection_file>` (kernel.json runs this).
import { main } from '../dist/kernel/main.js';

main(process.argv.slice(2)).catch((e) => {
  process.stderr.write(`losslab kernel failed to start: ${e?.stack ?? e}\n`);
  process.exit(1);
});
