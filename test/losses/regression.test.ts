import { paritySuite } from '../helpers/parity.js';

paritySuite('regression');
