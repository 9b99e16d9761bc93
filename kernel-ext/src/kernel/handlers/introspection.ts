/**
 * complete_request, inspect_request and is_complete_request, answered by tslab's TypeScript
 * language service. Cursor positions are in Unicode code points on the wire.
 */
import type { Handler } from '../context.js';
import type { Engine } from '../engine.js';
import { isComplete } from '../isComplete.js';
import { codePointsToUtf16, utf16ToCodePoints } from '../text.js';

function cursor(content: Record<string, unknown>, code: string): number {
  const pos = typeof content.cursor_pos === 'number' ? content.cursor_pos : [...code].length;
  return codePointsToUtf16(code, pos);
}

/** TypeScript's completion kinds as JupyterLab's completer names types. */
const KIND_TYPES: Record<string, string> = {
  function: 'function',
  method: 'function',
  'local function': 'function',
  var: 'instance',
  let: 'instance',
  const: 'instance',
  'local var': 'instance',
  property: 'property',
  getter: 'property',
  class: 'class',
  interface: 'class',
  type: 'class',
  enum: 'class',
  module: 'module',
  keyword: 'keyword',
  parameter: 'param',
};

export function completeHandler(engine: Engine): Handler {
  return (ctx) => {
    const code = String(ctx.msg.content.code ?? '');
    const pos = cursor(ctx.msg.content, code);
    const info = engine.complete(code, pos);
    const kinds = new Map((info.original?.entries ?? []).map((e) => [e.name, e.kind]));
    const start = utf16ToCodePoints(code, info.start);
    const end = utf16ToCodePoints(code, info.end);
    ctx.reply({
      status: 'ok',
      matches: info.candidates,
      cursor_start: start,
      cursor_end: end,
      metadata: {
        _jupyter_types_experimental: info.candidates.map((text) => ({ text, start, end, type: KIND_TYPES[kinds.get(text) ?? ''] ?? '' })),
      },
    });
  };
}

export function inspectHandler(engine: Engine): Handler {
  return (ctx) => {
    const code = String(ctx.msg.content.code ?? '');
    const info = engine.inspect(code, cursor(ctx.msg.content, code));
    if (!info) return ctx.reply({ status: 'ok', found: false, data: {}, metadata: {} });
    ctx.reply({ status: 'ok', found: true, data: { 'text/plain': engine.tslab.printQuickInfo(info) }, metadata: {} });
  };
}

export function isCompleteHandler(engine: Engine): Handler {
  return (ctx) => ctx.reply(isComplete(engine.tslab, String(ctx.msg.content.code ?? '')));
}
