/**
 * Streams tensors' data through the kernel module's memory in cache-sized chunks: copy a chunk of
 * each input in, run the kernel on it, copy the chunk of each output out. The scratch area is a
 * few chunks (hundreds of KB), never the size of the input, and a chunk stays in cache between
 * the copy, the kernel and the copy back.
 */
import { kernels, type KernelExports } from './wasm/module.js';

/** Elements per chunk of each streamed array (64 KB of float32): the kernels' working set stays in L2. */
export const CHUNK_ELEMENTS = 16384;

/** Room after each region, so a kernel may read and write whole groups of 4 lanes. */
const PAD = 4;

type Data = Float32Array | Int32Array;

/** An array streamed chunk by chunk; `perUnit` elements per unit (1 for elementwise losses, C per row). */
export interface Streamed {
  data: Data | null;
  perUnit: number;
}

/** An array copied into scratch once, `repeat` times over (a per-class weight tiled over a chunk). */
export interface Fixed {
  data: Float32Array | null;
  repeat: number;
}

/** Byte offsets of the scratch regions, in the order given (0 for an absent array). */
export interface Pointers {
  inputs: number[];
  fixed: number[];
  outputs: number[];
}

let scratchBase = -1;

function regionBytes(elements: number): number {
  return Math.ceil(((elements + PAD) * 4) / 16) * 16;
}

/**
 * Runs `run` over `units` units in chunks of at most `unitsPerChunk`; returns the sum of what it
 * returns (each chunk's float64 loss sum).
 */
export function streamChunks(
  units: number,
  unitsPerChunk: number,
  inputs: Streamed[],
  fixed: Fixed[],
  outputs: Streamed[],
  run: (k: KernelExports, ptr: Pointers, count: number) => number,
): number {
  const k = kernels();
  if (!k) throw new Error('losslab: fused kernels are not loaded');
  if (scratchBase < 0) scratchBase = k.memory.buffer.byteLength;

  let offset = scratchBase;
  const place = (present: boolean, elements: number): number => {
    if (!present) return 0;
    const at = offset;
    offset += regionBytes(elements);
    return at;
  };
  const ptr: Pointers = {
    inputs: inputs.map((s) => place(s.data !== null, unitsPerChunk * s.perUnit)),
    fixed: fixed.map((f) => place(f.data !== null, f.data ? f.data.length * f.repeat : 0)),
    outputs: outputs.map((s) => place(s.data !== null, unitsPerChunk * s.perUnit)),
  };
  const missing = offset - k.memory.buffer.byteLength;
  if (missing > 0) k.memory.grow(Math.ceil(missing / 65536));

  // Views after any growth (growing detaches the old buffer).
  const f32 = new Float32Array(k.memory.buffer);
  const i32 = new Int32Array(k.memory.buffer);
  const viewFor = (d: Data): Data => (d instanceof Int32Array ? i32 : f32);

  fixed.forEach((f, i) => {
    if (!f.data) return;
    for (let r = 0; r < f.repeat; r++) f32.set(f.data, ptr.fixed[i]! / 4 + r * f.data.length);
  });

  let total = 0;
  for (let start = 0; start < units; start += unitsPerChunk) {
    const count = Math.min(unitsPerChunk, units - start);
    inputs.forEach((s, i) => {
      if (!s.data) return;
      viewFor(s.data).set(s.data.subarray(start * s.perUnit, (start + count) * s.perUnit), ptr.inputs[i]! / 4);
    });
    total += run(k, ptr, count);
    outputs.forEach((s, i) => {
      if (!s.data) return;
      const at = ptr.outputs[i]! / 4;
      s.data.set(viewFor(s.data).subarray(at, at + count * s.perUnit), start * s.perUnit);
    });
  }
  return total;
}
