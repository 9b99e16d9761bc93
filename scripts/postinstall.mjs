#!/usr/bin/env node
// Root postinstall: after `npm install` / `npm ci`, compile the workspace packages and make sure
// the native TensorFlow backend is built (tfjs-node's own install script is disabled: it downloads).
import { setup } from './setup.mjs';

const { failed } = await setup({ only: new Set(['build', 'native']) });
if (failed.some((f) => f.step === 'build')) process.exit(1);
