/**
 * history_request: the inputs (and text outputs) of this kernel session's cells, by range,
 * tail or search, as IPython answers them. Kept in memory: a restarted kernel starts a new history.
 * See https://jupyter-client.readthedocs.io/en/latest/messaging.html#history
 */
import type { Handler } from '../context.js';

/** The one session this kernel process has (IPython numbers sessions in its database). */
export const SESSION = 1;

interface Entry {
  line: number;
  input: string;
  output: string | null;
}

type HistoryItem = [number, number, string | [string, string | null]];

/** fnmatch-style glob (`*`, `?`) as a regular expression, matched against the whole input. */
function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[\\s\\S]*').replace(/\?/g, '[\\s\\S]');
  return new RegExp(`^${escaped}$`);
}

export class History {
  private readonly entries: Entry[] = [];

  /** Record a cell run with store_history (its execution count is its line). */
  add(line: number, input: string): void {
    this.entries.push({ line, input, output: null });
  }

  /** Record the text/plain of a cell's result. */
  setOutput(line: number, output: string): void {
    const entry = this.entries.find((e) => e.line === line);
    if (entry) entry.output = output;
  }

  private item(e: Entry, output: boolean): HistoryItem {
    return output ? [SESSION, e.line, [e.input, e.output]] : [SESSION, e.line, e.input];
  }

  query(content: Record<string, unknown>): HistoryItem[] {
    const output = content.output === true;
    const n = typeof content.n === 'number' && content.n > 0 ? Math.floor(content.n) : undefined;
    switch (content.hist_access_type) {
      case 'tail':
        return (n === undefined ? this.entries : this.entries.slice(-n)).map((e) => this.item(e, output));
      case 'range': {
        const session = typeof content.session === 'number' ? content.session : SESSION;
        // 0 and negative sessions are relative to the current one, which is the only one here.
        if (session > 0 && session !== SESSION) return [];
        const start = typeof content.start === 'number' ? content.start : 1;
        const stop = typeof content.stop === 'number' && content.stop > 0 ? content.stop : Infinity;
        return this.entries.filter((e) => e.line >= start && e.line < stop).map((e) => this.item(e, output));
      }
      case 'search': {
        const re = globToRegExp(typeof content.pattern === 'string' ? content.pattern : '*');
        let hits = this.entries.filter((e) => re.test(e.input));
        if (content.unique === true) {
          const seen = new Set<string>();
          // Keep the latest occurrence of each input, in order.
          hits = hits.reverse().filter((e) => !seen.has(e.input) && seen.add(e.input)).reverse();
        }
        if (n !== undefined) hits = hits.slice(-n);
        return hits.map((e) => this.item(e, output));
      }
      default:
        return [];
    }
  }
}

export function historyHandler(history: History): Handler {
  return (ctx) => ctx.reply({ status: 'ok', history: history.query(ctx.msg.content) });
}
