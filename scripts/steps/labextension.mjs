// Step: labextension (not yet implemented).
import { log } from '../lib/util.mjs';

export const name = 'labextension';

export async function runStep() {
  log(name, 'nothing to do yet');
}
