/**
 * execute_request: run a cell and report it.
 *
 * iopub: `execute_input`, the cell's own output, then `execute_result` (its last expression, as a
 * rich bundle) or `error`. Reply: `ok` with the execution count and payloads, or `error` with
 * ename/evalue/traceback. `silent` publishes nothing and does not count; `store_history: false`
 * does not count or enter the history; after an error with `stop_on_error`, the requests already
 * queued are aborted. `expr?` shows `expr`'s type and docs in the pager (as IPython's `?`).
 * See https://jupyter-client.readthedocs.io/en/latest/messaging.html#execute
 */
import type { Handler, RequestContext } from '../context.js';
import type { Engine } from '../engine.js';
import type { Kernel } from '../kernel.js';
import { plainText, richResult } from '../richResult.js';
import { compileError, interruptError, runtimeError, type ErrorContent } from '../traceback.js';
import type { History } from './history.js';

/** `name?` or `obj.member?`: a pager request, not code. */
const PAGER_REQUEST = /^\s*([A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)*)\s*\?\??\s*$/;

export class ExecuteHandler {
  executionCount = 0;

  constructor(
    private readonly kernel: Kernel,
    private readonly engine: Engine,
    private readonly history: History,
  ) {}

  readonly handle: Handler = async (ctx) => {
    const content = ctx.msg.content;
    const code = typeof content.code === 'string' ? content.code : '';
    const silent = content.silent === true;
    const storeHistory = !silent && content.store_history !== false;
    const stopOnError = content.stop_on_error !== false;
    if (storeHistory) this.executionCount++;
    const count = this.executionCount;
    if (storeHistory) this.history.add(count, code);
    if (!silent) ctx.publish('execute_input', { code, execution_count: count });

    const payloads: Record<string, unknown>[] = [];
    const previousScope = this.kernel.scope;
    this.kernel.scope = { parent: ctx.msg, silent, allowStdin: content.allow_stdin === true, payloads };
    let error: ErrorContent | undefined;
    const pager = PAGER_REQUEST.exec(code);
    if (pager) {
      payloads.push(this.pagerPayload(code));
    } else {
      error = await this.run(ctx, code, storeHistory ? `Cell In[${count}]` : 'Cell In[ ]', count, silent);
    }
    this.kernel.capture.flush();
    // Output from timers and promises of this cell keeps going to it (a silent cell's is dropped,
    // and the cell before it keeps its own).
    this.kernel.scope = silent ? previousScope : { ...this.kernel.scope, payloads: undefined, allowStdin: false };

    const userExpressions = await this.userExpressions(content.user_expressions);
    if (error) {
      if (!silent) ctx.publish('error', { ...error });
      // Before the reply: a request sent after the client saw it must run.
      if (stopOnError) this.kernel.abortQueued();
      ctx.reply({ status: 'error', execution_count: count, ...error, user_expressions: userExpressions });
      return;
    }
    ctx.reply({ status: 'ok', execution_count: count, payload: payloads, user_expressions: userExpressions });
  };

  private async run(ctx: RequestContext, code: string, label: string, count: number, silent: boolean): Promise<ErrorContent | undefined> {
    const outcome = await this.engine.execute(code, label);
    switch (outcome.status) {
      case 'ok': {
        if (!outcome.hasValue || silent) return undefined;
        const { data, metadata } = await richResult(outcome.value);
        this.kernel.capture.flush();
        ctx.publish('execute_result', { execution_count: count, data, metadata });
        if (typeof data['text/plain'] === 'string') this.history.setOutput(count, data['text/plain']);
        return undefined;
      }
      case 'compile-error':
        return compileError(outcome.diagnostics, label, code);
      case 'runtime-error':
        return runtimeError(outcome.thrown);
      case 'interrupted':
        return interruptError();
    }
  }

  /** The pager payload of `expr?`: what the language service says about expr. */
  private pagerPayload(code: string): Record<string, unknown> {
    const expr = code.trim().replace(/\?+$/, '').trimEnd();
    const info = this.engine.inspect(expr, expr.length);
    const text = info ? this.engine.tslab.printQuickInfo(info) : `${expr}: nothing known (not defined, or not a value)`;
    return { source: 'page', data: { 'text/plain': text }, start: 0 };
  }

  /**
   * user_expressions: each expression evaluated after the cell, as a bundle or an error. Run as
   * silent cells, so they do not count or print.
   */
  private async userExpressions(expressions: unknown): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    if (!expressions || typeof expressions !== 'object') return out;
    const scope = this.kernel.scope;
    this.kernel.scope = { ...scope, silent: true };
    try {
      for (const [name, expr] of Object.entries(expressions as Record<string, unknown>)) {
        const outcome = await this.engine.execute(String(expr), `user_expressions.${name}`);
        if (outcome.status === 'ok') {
          const { data, metadata } = outcome.hasValue ? await richResult(outcome.value) : { data: { 'text/plain': plainText(undefined) }, metadata: {} };
          out[name] = { status: 'ok', data, metadata };
        } else {
          const error =
            outcome.status === 'compile-error'
              ? compileError(outcome.diagnostics, name, String(expr))
              : outcome.status === 'runtime-error'
                ? runtimeError(outcome.thrown)
                : interruptError();
          out[name] = { status: 'error', ...error };
        }
      }
    } finally {
      this.kernel.scope = scope;
    }
    return out;
  }
}
