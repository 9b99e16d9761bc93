/**
 * The one place that chooses the backend losslab (and the `tf` it exports) computes on.
 *
 * Automatic choice: the platform's order, fastest first (Node: tensorflow, wasm, cpu; browser:
 * webgl, wasm, cpu), taking the first backend that loads — a native build must also compute
 * correctly. A backend whose initialisation is asynchronous (wasm) is warmed up in the background
 * while the next synchronous one (cpu) serves computations; `ready()` resolves once the choice is
 * final. The choice is overridden by the environment variable `LOSSLAB_BACKEND` (read once, when
 * losslab is imported) or by `useBackend(name)`; a backend asked for by name that cannot run is an
 * error saying why and how to install it, never a silent fallback.
 */
import { tf } from '../core/tf.js';
import { BackendUnavailableError, reasonOf } from './errors.js';
import type { BackendCandidate, BackendChoice, BackendInfo, BackendName, PlatformBackends, SkippedBackend } from './types.js';

interface State {
  platform: PlatformBackends;
  /** losslab's name of the backend it made active (tf.getBackend() may differ if the user switched). */
  active: BackendCandidate;
  chosenBy: BackendChoice;
  pending: BackendName | null;
  error?: string;
  notChosen: SkippedBackend[];
  /** Bumped by every explicit choice, so that an older background warm-up does not switch. */
  generation: number;
  /** Settles when a pending backend is ready (or failed); undefined when nothing is pending. */
  ready?: Promise<BackendInfo>;
}

let state: State | null = null;

function current(): State {
  if (!state) throw new Error('losslab: the backend platform was not initialised (import losslab, not its internal modules)');
  return state;
}

function isPromise(x: unknown): x is Promise<void> {
  return typeof (x as Promise<void> | undefined)?.then === 'function';
}

function unavailable(c: BackendCandidate, e: unknown): BackendUnavailableError {
  return e instanceof BackendUnavailableError ? e : new BackendUnavailableError(c.name, reasonOf(e), c.howToInstall);
}

/** Makes a loaded candidate tfjs's active backend; synchronous because it is initialised. */
function activate(c: BackendCandidate): void {
  void tf.setBackend(c.tfjsName);
  if (tf.getBackend() !== c.tfjsName || !tf.engine().registry[c.tfjsName]) {
    throw new BackendUnavailableError(c.name, 'tfjs could not initialise it', c.howToInstall);
  }
}

function resolveName(platform: PlatformBackends, name: string): BackendCandidate {
  const known = platform.known as readonly string[];
  if (!known.includes(name)) {
    throw new BackendUnavailableError(name, `it is not a backend losslab knows on ${platform.platform} (known: ${known.join(', ')})`,
      `Use one of: ${known.join(', ')}.`);
  }
  return platform.candidate(name as BackendName);
}

type Choice = Omit<State, 'generation'>;

/** The generation of the choice made on import. */
const INITIAL = 0;

/** The automatic choice: the first candidate of `order` that loads. */
function chooseAutomatically(platform: PlatformBackends, order: BackendName[], skipped: SkippedBackend[]): Choice {
  for (const [i, name] of order.entries()) {
    const c = platform.candidate(name);
    let loading: void | Promise<void>;
    try {
      loading = c.load();
      if (!isPromise(loading)) activate(c);
    } catch (e) {
      skipped.push({ backend: name, reason: reasonOf(e) });
      continue;
    }
    if (!isPromise(loading)) return { platform, active: c, chosenBy: 'automatic', pending: null, notChosen: skipped };
    // Asynchronous: the next backend that loads synchronously serves until this one is ready.
    const interim = chooseAutomatically(platform, order.slice(i + 1), []);
    const waitFor = loading;
    const ready = Promise.resolve().then(async () => {
      const generation = INITIAL; // a useBackend call, even in the same tick, bumps it
      try {
        await waitFor;
        if (current().generation === generation) {
          activate(c);
          Object.assign(current(), { active: c, pending: null, notChosen: skipped });
        }
      } catch (e) {
        if (current().generation === generation) {
          Object.assign(current(), { pending: null, notChosen: [...skipped, { backend: name, reason: reasonOf(e) }, ...interim.notChosen] });
        }
      }
      return backendInfo();
    });
    return { ...interim, pending: name, notChosen: skipped.slice(), ready };
  }
  throw new Error(`losslab: no backend could be loaded (${skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ')})`);
}

/** The backend named by LOSSLAB_BACKEND: loaded now, or (async) with cpu serving until it is. */
function chooseRequested(platform: PlatformBackends, name: string): Choice {
  const c = resolveName(platform, name);
  let loading: void | Promise<void>;
  try {
    loading = c.load();
  } catch (e) {
    throw unavailable(c, e);
  }
  if (!isPromise(loading)) {
    activate(c);
    return { platform, active: c, chosenBy: 'LOSSLAB_BACKEND', pending: null, notChosen: [] };
  }
  const cpu = platform.candidate('cpu');
  cpu.load();
  activate(cpu);
  const waitFor = loading;
  const ready = Promise.resolve().then(async () => {
    const generation = INITIAL; // a useBackend call, even in the same tick, bumps it
    try {
      await waitFor;
      if (current().generation === generation) {
        activate(c);
        Object.assign(current(), { active: c, pending: null });
      }
    } catch (e) {
      const error = unavailable(c, e);
      if (current().generation === generation) Object.assign(current(), { pending: null, error: error.message });
      // Nobody may be awaiting ready(): say it where a notebook user sees it.
      console.error(`${error.message} (requested by LOSSLAB_BACKEND; computations run on cpu)`);
      throw error;
    }
    return backendInfo();
  });
  ready.catch(() => undefined); // reported above; ready() still rejects for those who await it
  return { platform, active: cpu, chosenBy: 'LOSSLAB_BACKEND', pending: c.name, notChosen: [], ready };
}

/**
 * Chooses the backend when losslab is imported (called by the platform module). Throws a
 * BackendUnavailableError when LOSSLAB_BACKEND names a backend that cannot run.
 */
export function initBackends(platform: PlatformBackends): void {
  const requested = platform.requested()?.trim();
  const chosen = requested ? chooseRequested(platform, requested) : chooseAutomatically(platform, platform.automaticOrder(), platform.excluded());
  state = { ...chosen, generation: INITIAL };
}

/**
 * Resolves with `backendInfo()` once the chosen backend is initialised. In Node with the native
 * backend it is already; with wasm (its WebAssembly compiles asynchronously) computations run on
 * cpu until then. Rejects when the backend requested through LOSSLAB_BACKEND cannot start.
 *
 * @example
 * const info = await ready(); // { backend: 'tensorflow', nativeVersion: '2.21.0', ... }
 */
export function ready(): Promise<BackendInfo> {
  return current().ready ?? Promise.resolve(backendInfo());
}

/**
 * Switches losslab (and `tf`) to a backend by name: `'tensorflow'`, `'tensorflow-gpu'`, `'wasm'`,
 * `'cpu'` in Node; `'webgl'`, `'wasm'`, `'cpu'` in a browser. Resolves with `backendInfo()` once it
 * is active. Rejects with a `BackendUnavailableError` saying why and how to install it when the
 * backend cannot run; the active backend is then unchanged.
 */
export async function useBackend(name: BackendName): Promise<BackendInfo> {
  const s = current();
  const c = resolveName(s.platform, name);
  const generation = ++s.generation; // cancels a background switch still to come
  try {
    await c.load();
  } catch (e) {
    throw unavailable(c, e);
  }
  if (s.generation !== generation) throw new Error(`losslab: useBackend('${name}') was overtaken by a later useBackend call`);
  activate(c);
  Object.assign(s, { active: c, chosenBy: 'useBackend', pending: null, error: undefined, notChosen: [], ready: undefined });
  return backendInfo();
}

/**
 * Which backends can run here, fastest first. Loads each synchronous one to find out (the native
 * one included; the active backend is unchanged); wasm, which compiles asynchronously, is listed
 * unless it already failed — `useBackend('wasm')` gives the final answer.
 */
export function availableBackends(): BackendName[] {
  const s = current();
  const out: BackendName[] = [];
  for (const name of s.platform.known) {
    try {
      const loading = s.platform.candidate(name).load();
      if (isPromise(loading)) loading.catch(() => undefined);
      if (s.notChosen.some((n) => n.backend === name) && isPromise(loading)) continue;
      out.push(name);
    } catch {
      // not available; backendInfo().notChosen says why when it was a candidate
    }
  }
  return out;
}

/**
 * What losslab computes on: the active backend (losslab's name and tfjs's), how it was chosen,
 * the tfjs version, the native TensorFlow version where known, threads/SIMD for wasm, a backend
 * still initialising, and why faster backends were not chosen.
 */
export function backendInfo(): BackendInfo {
  const s = current();
  const tfjsBackend = tf.getBackend();
  const switchedByUser = tfjsBackend !== s.active.tfjsName;
  const active = switchedByUser ? s.platform.identify(tfjsBackend) : s.active;
  const info: BackendInfo = {
    backend: active?.name ?? tfjsBackend,
    tfjsBackend,
    platform: s.platform.platform,
    chosenBy: switchedByUser ? 'tf.setBackend' : s.chosenBy,
    pending: s.pending,
    tfjsVersion: tf.version_core,
    notChosen: switchedByUser ? [] : s.notChosen.slice(),
    ...(active?.details?.() ?? {}),
  };
  if (s.error) info.error = s.error;
  return info;
}
