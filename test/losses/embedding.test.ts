import { paritySuite } from '../helpers/parity.js';

// Golden values and input gradients from torch, sentence-transformers, pytorch-metric-learning and
// the transcriptions in test/fixtures/gen/embedding.py, on every backend.
paritySuite('embedding');
