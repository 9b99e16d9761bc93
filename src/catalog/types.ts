/**
 * The catalog's types: how losslab describes a loss to everything that is not the loss itself
 * (the kernel's display helpers, the lab widgets, the notebooks, the grader, the docs).
 */
import type { Tensor } from '../core/tf.js';
import type { Reduction } from '../core/types.js';

export type LossFamily = 'regression' | 'classification' | 'segmentation' | 'ranking' | 'embedding' | 'verification';

/** One option of a loss, as a slider or a toggle would show it. */
export interface ParamSpec {
  /** The option key, e.g. `gamma`. */
  name: string;
  /** LaTeX symbol, e.g. `\gamma`. */
  symbol: string;
  description: string;
  kind: 'number' | 'integer' | 'boolean' | 'choice';
  /** The default the function uses when the option is absent (null: absent means "off"). */
  default: number | boolean | string | null;
  /** A sensible slider range (not the valid range: see `valid`). */
  range?: { min: number; max: number; step: number };
  /** The valid values in words, e.g. `>= 0`. */
  valid?: string;
  choices?: readonly string[];
}

/** The variable the loss explorer plots over, e.g. the residual for MSE or p_t for focal. */
export interface NaturalAxis {
  key: 'residual' | 'logit' | 'margin' | 'pt' | 'probability' | 'distance' | 'cosTheta' | 'similarity' | 'score';
  /** Axis label, plain text (Unicode allowed). */
  label: string;
  /** LaTeX form of the variable, for formulas. */
  symbol: string;
  min: number;
  max: number;
}

/** One variable of a loss landscape, e.g. the logit of the target class. */
export interface LandscapeAxis {
  /** Axis label, plain text (Unicode allowed). */
  label: string;
  /** LaTeX form of the variable. */
  symbol: string;
  min: number;
  max: number;
}

/**
 * A loss over two variables, for the landscape widget: e.g. the two logits of a 2-class
 * cross-entropy with target 0, or prediction × target for a regression loss. When a descriptor has
 * none, `losslab/viz` derives one from the loss's family (`landscapeSpec`).
 */
export interface LandscapeSpec {
  x: LandscapeAxis;
  y: LandscapeAxis;
  /** What the surface shows, in a sentence (e.g. "2-class cross-entropy, target class 0"). */
  description: string;
  /** Grid points per side when the payload gives none (default 51): fewer for costly surfaces. */
  points?: number;
  /**
   * The loss at each point (x[k], y[k]), computed by the loss function itself: `x` and `y` are 1-D
   * tensors of the same length P; returns a tensor of shape [P].
   */
  surface(x: Tensor, y: Tensor, params: ParamValues): Tensor;
}

/** One positional argument of a loss function. */
export interface InputSpec {
  name: string;
  description: string;
  /** The accepted shapes, e.g. `[N, C] or [N, C, d1, ...]`. */
  shape: string;
  /** Whether the loss is differentiable in it (gradients are checked and plotted for these). */
  differentiable: boolean;
}

export interface Reference {
  title: string;
  authors: string;
  year: number;
  url: string;
}

/** Parameter values as a widget or notebook holds them. */
export type ParamValues = Record<string, number | boolean | string>;

/** Everything losslab knows about one loss, except how to compute it (that is `fn`). */
export interface LossDescriptor {
  /** The export name, e.g. `focalLoss`. */
  id: string;
  /** Human title, e.g. `Focal loss`. */
  title: string;
  family: LossFamily;
  /** What problem it solves and when to prefer it, in a sentence or two. */
  summary: string;
  /** LaTeX of the unreduced loss. */
  formula: string;
  /**
   * LaTeX of its gradient, with respect to the variable the formula names (e.g. ∂ℓ/∂z_c for logits;
   * the explorer plots the derivative along the natural axis, ∂ℓ/∂(axis), and labels it so).
   */
  gradient: string;
  inputs: readonly InputSpec[];
  params: readonly ParamSpec[];
  reductions: readonly Reduction[];
  defaultReduction: Reduction;
  /** The variable the explorer plots over. */
  axis: NaturalAxis;
  /**
   * The unreduced loss along the natural axis, computed by the loss function itself on a batch
   * built from `x` (one point per element): differentiable in `x`, so the explorer can plot the
   * gradient with tf.grad. Returns a tensor of the shape of `x`.
   */
  curve(x: Tensor, params: ParamValues): Tensor;
  /** The two variables of the landscape widget; absent: derived from the family by `losslab/viz`. */
  landscape?: LandscapeSpec;
  reference: Reference;
  /** Where other libraries have it, e.g. `torch.nn.CrossEntropyLoss`. */
  equivalents: { pytorch?: string; keras?: string; other?: string };
  /** Choices where references disagree (from the project's semantics notes), for the docs. */
  notes: readonly string[];
}
