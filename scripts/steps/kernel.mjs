// Step: kernel (not yet implemented).
import { log } from '../lib/util.mjs';

export const name = 'kernel';

export async function runStep() {
  log(name, 'nothing to do yet');
}
