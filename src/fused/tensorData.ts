/**
 * Reads tensor data and makes output tensors on the active backend with as few copies as it
 * allows: the cpu backend keeps a tensor's data in a JS typed array (read in place, outputs
 * adopted without a copy); the wasm backend keeps it on its WebAssembly heap (read and written in
 * place through heap views); other backends copy (dataSync, tf.tensor).
 *
 * Order matters on wasm: allocating an output may grow the heap, which detaches earlier views, so
 * a fused pass allocates all its outputs first, then reads its inputs, then takes output views.
 */
import { tf, type Tensor } from '../core/tf.js';

type TensorInfo = { dataId: object; shape: number[]; dtype: 'float32' | 'int32' };

/** The public methods of tfjs-backend-wasm's BackendWasm that the fused losses use. */
interface WasmBackend {
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array;
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
}

/**
 * An output tensor being filled: take `data()` only after every output of a pass is allocated, and
 * write every element (it may start with stale memory).
 */
export interface Output {
  data(): Float32Array;
  tensor(): Tensor;
}

export interface TensorData {
  /** A tensor's values, read-only: in place where the backend allows, else a copy. */
  read(t: Tensor): Float32Array | Int32Array;
  /** A new float32 output of the given shape. */
  output(shape: readonly number[]): Output;
}

function ownerOf(t: Tensor): unknown {
  return tf.engine().state.tensorInfo.get(t.dataId)?.backend;
}

/** Node's Buffer, where there is one (never in a browser bundle's code path otherwise). */
const NodeBuffer = (globalThis as { Buffer?: { allocUnsafeSlow(size: number): Uint8Array } }).Buffer;

/**
 * A float32 array a fused pass will overwrite completely. In Node, large ones come from
 * Buffer.allocUnsafeSlow: not zero-filled, so the allocator reuses freed memory, where a new
 * Float32Array gets fresh zeroed pages and pays a page fault per 4 KB on first write (measured for
 * 16 MB: 6 ms vs 0.3 ms, more than a fused MSE pass).
 */
function uninitializedFloat32(size: number): Float32Array {
  if (!NodeBuffer || size < 16384) return new Float32Array(size);
  const bytes = NodeBuffer.allocUnsafeSlow(size * 4);
  return new Float32Array(bytes.buffer, bytes.byteOffset, size);
}

const copying: TensorData = {
  read: (t) => t.dataSync() as Float32Array | Int32Array,
  output(shape) {
    let data: Float32Array | null = null;
    const size = shape.reduce((a, b) => a * b, 1);
    return {
      data: () => (data ??= uninitializedFloat32(size)),
      // On cpu, tf.tensor adopts a Float32Array without copying it.
      tensor: () => tf.tensor(data ?? new Float32Array(size), shape.slice(), 'float32'),
    };
  },
};

function wasmData(backend: WasmBackend): TensorData {
  return {
    read(t) {
      if (ownerOf(t) !== backend) return t.dataSync() as Float32Array | Int32Array;
      return backend.typedArrayFromHeap({ dataId: t.dataId, shape: t.shape, dtype: t.dtype as 'float32' | 'int32' });
    },
    output(shape) {
      const info = backend.makeOutput(shape.slice(), 'float32');
      return {
        data: () => backend.typedArrayFromHeap(info) as Float32Array,
        tensor: () => tf.engine().makeTensorFromTensorInfo(info as never),
      };
    },
  };
}

/** Data access for the active backend. */
export function tensorData(): TensorData {
  if (tf.getBackend() === 'wasm') {
    const backend = tf.backend() as unknown as Partial<WasmBackend>;
    if (typeof backend.typedArrayFromHeap === 'function' && typeof backend.makeOutput === 'function') {
      return wasmData(backend as WasmBackend);
    }
  }
  return copying;
}
