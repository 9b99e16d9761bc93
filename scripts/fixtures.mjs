#!/usr/bin/env node
// `npm run fixtures [module ...]`: installs the reference libraries (requirements-dev.txt: torch,
// sentence-transformers, pytorch-metric-learning) into .venv, then regenerates the golden
// fixtures of the parity suites in float64 (test/fixtures/generate.py). Deterministic.
import { join } from 'node:path';
import { runStep as venv } from './steps/venv.mjs';
import { ROOT, VENV_PYTHON, run } from './lib/util.mjs';

await venv({ requirements: ['requirements-dev.txt'], stamp: 'venv-dev' });
run(VENV_PYTHON, [join(ROOT, 'test', 'fixtures', 'generate.py'), ...process.argv.slice(2)]);
