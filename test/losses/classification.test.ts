import { paritySuite } from '../helpers/parity.js';

// Golden values and input gradients from test/fixtures/gen/classification.py (torch, float64).
paritySuite('classification');
