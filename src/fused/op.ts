/**
 * A fused loss as one differentiable op: its forward pass computes the loss and, when a gradient
 * tape is recording, the gradient with respect to the predictions in the same pass; the backward
 * pass only scales that saved gradient by the upstream gradient.
 *
 * It is tf.customGrad's mechanism (the engine's runKernelFunc with a forward and a backward
 * function) with two differences: each input's gradient is a separate lazy function, as in
 * tfjs's own kernels, so the gradient of a target nobody differentiates is never computed
 * (tf.customGrad computes every input's gradient eagerly); and the saved gradient is not cloned
 * (a clone is a full copy on the wasm backend). With no tape recording (a plain forward call),
 * the pass skips the gradient altogether.
 */
import { tf, type Tensor } from '../core/tf.js';

/** What one pass produces: the loss, and (when asked for) the gradients of the first inputs. */
export interface FusedPass {
  value: Tensor;
  /** d(value)/d(inputs[i]) for i < grads.length, for a unit upstream gradient; null without a tape. */
  grads: Tensor[] | null;
}

/** What a lazy gradient rule is given. */
export interface GradContext {
  /** The gradient of inputs[i] (i < the pass's grads) times the upstream gradient. */
  grad(i: number): Tensor;
  /** The upstream gradient (shaped like the value). */
  dy: Tensor;
  /** The `keep` tensors. */
  kept: Tensor[];
}

export interface FusedLossSpec {
  /** The op's name in profiles (tf.profile lists it as `fused:<name>`). */
  name: string;
  /** The tensors the loss may be differentiated in; the pass computes the gradients of the first ones. */
  inputs: Tensor[];
  /** The single pass over the data. */
  pass(withGrad: boolean): FusedPass;
  /**
   * How a saved gradient meets the upstream gradient dy (shaped like the value): 'scalar' (a
   * reduced loss), 'elementwise' (dy shaped like the input) or 'rows' (one dy per row of [N, C]).
   */
  upstream: 'scalar' | 'elementwise' | 'rows';
  /**
   * Gradients of the inputs after those the pass computes, one rule per input. Each runs only
   * when the tape asks for that input's gradient.
   */
  otherGrads?: Array<(ctx: GradContext) => Tensor>;
  /**
   * Tensors the otherGrads read: kept (without a copy) until the gradient computation ends, as
   * tfjs saves a kernel's inputs; the loss's own tensors are disposed when it returns.
   */
  keep?: Tensor[];
}

type GradMap = Record<string, () => Tensor>;
interface KernelFuncEngine {
  runKernelFunc(params: {
    forwardFunc: () => Tensor;
    backwardsFunc: (dy: Tensor, saved: Tensor[]) => GradMap;
    inputs: Record<string, Tensor>;
  }): Tensor;
}

/** Whether this tfjs engine offers what fusedLoss needs (it is internal to tfjs-core 4.x). */
export function engineSupportsFusedOps(): boolean {
  return typeof (tf.engine() as unknown as Partial<KernelFuncEngine>).runKernelFunc === 'function';
}

/** A new tensor on the same data (no copy on any backend), owned by the caller. */
function alias(t: Tensor): Tensor {
  const engine = tf.engine();
  const out = engine.makeTensorFromTensorInfo({ dataId: t.dataId, shape: t.shape, dtype: t.dtype } as never);
  engine.backend.incRef(t.dataId);
  return out;
}

/** The saved gradient times the upstream gradient. */
function applyUpstream(grad: Tensor, dy: Tensor, upstream: FusedLossSpec['upstream']): Tensor {
  if (upstream === 'scalar') {
    const k = dy.dataSync()[0]!;
    return k === 1 ? alias(grad) : tf.mul(grad, k);
  }
  if (upstream === 'elementwise') return tf.mul(grad, dy);
  return tf.mul(grad, tf.reshape(dy, [...dy.shape, 1]));
}

/** Runs a fused loss as one op (see the module comment). Call inside the loss's tf.tidy. */
export function fusedLoss(spec: FusedLossSpec): Tensor {
  const engine = tf.engine();
  if (!engine.isTapeOn()) return spec.pass(false).value;
  const inputs: Record<string, Tensor> = {};
  spec.inputs.forEach((t, i) => (inputs[i] = t));
  let grads: Tensor[] = [];
  // The engine names a custom op after the enclosing scope: `fused:<name>` in tf.profile.
  const value = tf.tidy(`fused:${spec.name}`, () =>
    (engine as unknown as KernelFuncEngine).runKernelFunc({
      inputs,
      forwardFunc: () => {
        const pass = spec.pass(true);
        grads = pass.grads!.map((g) => tf.keep(g));
        if (grads.length + (spec.otherGrads?.length ?? 0) !== spec.inputs.length) {
          throw new Error(`fused ${spec.name}: one gradient per input`);
        }
        return pass.value;
      },
      backwardsFunc: (dy, saved) => {
        const scaled: Array<Tensor | undefined> = [];
        const ctx: GradContext = {
          grad: (i) => (scaled[i] ??= applyUpstream(saved[i]!, dy, spec.upstream)),
          dy,
          kept: saved.slice(grads.length),
        };
        const map: GradMap = {};
        grads.forEach((_, i) => (map[i] = () => ctx.grad(i)));
        spec.otherGrads?.forEach((rule, j) => (map[grads.length + j] = () => rule(ctx)));
        return map;
      },
    }),
  );
  // Hand the gradients to the tape node just recorded, as the engine's save() would but without
  // the copy its clone makes on some backends (wasm): the engine disposes a node's saved tensors
  // when the outermost gradient computation ends, whether or not this node's backward ran.
  const tape = engine.state.activeTape;
  tape[tape.length - 1]!.saved!.push(...grads, ...(spec.keep ?? []).map((t) => tf.keep(alias(t))));
  return value;
}
