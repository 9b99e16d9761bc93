// Step: native (not yet implemented).
import { log } from '../lib/util.mjs';

export const name = 'native';

export async function runStep() {
  log(name, 'nothing to do yet');
}
