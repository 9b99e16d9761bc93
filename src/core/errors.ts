/**
 * The one error type losslab throws for bad input. It names the loss, the argument, what was
 * expected and what was given, so a student can fix the call without reading our source.
 */
export class LossInputError extends Error {
  override readonly name = 'LossInputError';

  constructor(
    /** The public function that rejected its input, e.g. `crossEntropy`. */
    readonly loss: string,
    /** The argument or option at fault, e.g. `target` or `options.gamma`. */
    readonly argument: string,
    /** What the function needs, in words: `class indices in [0, 10)`. */
    readonly expected: string,
    /** What it was given, in words: `7.5 at position [3]`. */
    readonly received: string,
  ) {
    super(`${loss}: ${argument} must be ${expected}, but got ${received}.`);
  }
}

/** Throws a LossInputError; a one-line helper so validation code reads as a list of rules. */
export function fail(loss: string, argument: string, expected: string, received: string): never {
  throw new LossInputError(loss, argument, expected, received);
}
