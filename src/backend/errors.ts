/**
 * The error of a backend that was asked for by name and cannot run: it says which, why, and what
 * to install. losslab never falls back silently from a backend the user asked for.
 */
export class BackendUnavailableError extends Error {
  override readonly name = 'BackendUnavailableError';

  constructor(
    /** The backend asked for, e.g. `tensorflow`. */
    readonly backend: string,
    /** Why it cannot run, e.g. `@tensorflow/tfjs-node is not installed`. */
    readonly reason: string,
    /** What to do about it. */
    readonly howToInstall: string,
  ) {
    super(`losslab: the ${backend} backend cannot be used: ${reason}. ${howToInstall}`);
  }
}

/** The message of anything thrown, on one line, without a stack. */
export function reasonOf(e: unknown): string {
  if (e instanceof BackendUnavailableError) return e.reason;
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n').map((s) => s.trim()).filter(Boolean).join(' ');
}
