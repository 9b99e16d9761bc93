// Timing and memory measurement for the benchmark: warm-up runs, then the median of the timed
// runs; and the peak memory of one run, above what existed before it.

/**
 * Runs `step` `warmup` times, then timed: at least `runs` times and until `minSeconds` have passed
 * (at most `maxRuns`), so that a fast case gets enough runs for a stable median on a noisy
 * machine; a step slower than `slowMs` gets one warm-up and 7 runs. Returns the median, the min
 * and every time (ms).
 */
export function timeRuns(step, { runs, warmup, minSeconds = 0, maxRuns = 200, slowMs = 1000 }) {
  // A step slower than slowMs (tfjs's cpu backend on these sizes) gets one warm-up and 7 runs.
  for (let i = 0; i < warmup; i++) {
    const t0 = performance.now();
    step();
    if (performance.now() - t0 > slowMs) {
      runs = Math.min(runs, 7);
      break;
    }
  }
  const times = [];
  let total = 0;
  while (times.length < runs || (total < minSeconds * 1000 && times.length < maxRuns)) {
    const t0 = performance.now();
    step();
    const t = performance.now() - t0;
    times.push(t);
    total += t;
  }
  const sorted = [...times].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { medianMs: median, minMs: sorted[0], timesMs: times };
}

/**
 * The peak memory of one run of `step`, above the memory before it, two ways:
 * - `tfMemoryBytes`: tf.memory().numBytes, which counts every tensor handle, so two handles on one
 *   buffer (a clone) count twice;
 * - `bufferBytes`: the distinct data buffers behind those tensors (what the backend holds).
 * Sampled at every tensor creation and disposal (the engine's own profile samples only after
 * kernels), by wrapping the engine's bookkeeping methods for the duration of the run.
 */
export function peakMemory(tf, step) {
  const engine = tf.engine();
  const state = engine.state;
  const buffers = new Map();
  let bufferBytes = 0;
  let peakBuffers = 0;
  const startTfBytes = state.numBytes;
  let peakTf = startTfBytes;

  const { trackTensor, removeDataId } = engine;
  engine.trackTensor = function (t, backend) {
    const isNew = !state.tensorInfo.has(t.dataId);
    const out = trackTensor.call(this, t, backend);
    if (isNew && t.dtype !== 'string' && t.dtype !== 'complex64') {
      const bytes = t.size * (t.dtype === 'bool' ? 1 : 4);
      buffers.set(t.dataId, bytes);
      bufferBytes += bytes;
      peakBuffers = Math.max(peakBuffers, bufferBytes);
    }
    peakTf = Math.max(peakTf, state.numBytes);
    return out;
  };
  engine.removeDataId = function (dataId, backend) {
    const bytes = buffers.get(dataId);
    if (bytes !== undefined) {
      buffers.delete(dataId);
      bufferBytes -= bytes;
    }
    return removeDataId.call(this, dataId, backend);
  };
  try {
    step();
  } finally {
    engine.trackTensor = trackTensor;
    engine.removeDataId = removeDataId;
  }
  return { tfMemoryBytes: peakTf - startTfBytes, bufferBytes: peakBuffers };
}
