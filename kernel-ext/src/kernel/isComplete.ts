/**
 * is_complete_request for TypeScript: `complete` when the code parses, `incomplete` when it only
 * lacks an ending (an open bracket, template literal or block comment, an operator waiting for
 * its operand), `invalid` when no continuation can fix it (a syntax error before the end, an
 * unterminated '...' or "..." string).
 * See https://jupyter-client.readthedocs.io/en/latest/messaging.html#code-completeness
 */
import type { Tslab } from './tslab/loadTslab.js';

export type Completeness = { status: 'complete' } | { status: 'invalid' } | { status: 'incomplete'; indent: string };

/** TypeScript diagnostics at the end of the text that more text can resolve. */
const CONTINUABLE = new Set([
  1160, // Unterminated template literal.
  1010, // '*/' expected.
]);
const UNTERMINATED_STRING = 1002;

interface ParseDiagnostic {
  start: number;
  length: number;
  code: number;
  messageText: string | { messageText: string };
}

export function isComplete(tslab: Tslab, code: string): Completeness {
  if (code.trim() === '') return { status: 'complete' };
  const ts = tslab.ts;
  const file = ts.createSourceFile('cell.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const diagnostics = ((file as unknown as { parseDiagnostics?: ParseDiagnostic[] }).parseDiagnostics ?? []).slice();
  if (diagnostics.length === 0) return { status: 'complete' };
  const end = code.trimEnd().length;
  const first = diagnostics.sort((a, b) => a.start - b.start)[0]!;
  const message = typeof first.messageText === 'string' ? first.messageText : first.messageText.messageText;
  const atEnd = first.start >= end;
  if (first.code === UNTERMINATED_STRING) return { status: 'invalid' };
  const continuable = CONTINUABLE.has(first.code) || (atEnd && message.endsWith(' expected.'));
  if (!continuable) return { status: 'invalid' };
  // tslab's rule: two empty lines at the end run the code anyway (a console's way out).
  if (/\n\s*\n\s*$/.test(code)) return { status: 'complete' };
  return { status: 'incomplete', indent: tslab.isCompleteCode(code).indent ?? '' };
}
