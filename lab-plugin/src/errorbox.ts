/**
 * The readable error box: what an output shows instead of a widget when its payload cannot be
 * drawn (malformed, written by a newer losslab, or rejected by a loss), so a bad output never
 * breaks the notebook around it. Built with textContent only: payload text is never parsed as HTML.
 */
import { CLASS } from './constants.js';

export interface ErrorBoxContent {
  /** One line saying what happened. */
  heading: string;
  /** The problems, one sentence each. */
  issues: readonly string[];
  /** What the user can do about it. */
  hint?: string;
}

export function errorBox({ heading, issues, hint }: ErrorBoxContent): HTMLElement {
  const box = document.createElement('div');
  box.className = CLASS.error;
  box.setAttribute('role', 'alert');
  const h = document.createElement('div');
  h.className = `${CLASS.error}-heading`;
  h.textContent = heading;
  box.appendChild(h);
  if (issues.length) {
    const ul = document.createElement('ul');
    for (const issue of issues) {
      const li = document.createElement('li');
      li.textContent = issue;
      ul.appendChild(li);
    }
    box.appendChild(ul);
  }
  if (hint) {
    const p = document.createElement('div');
    p.className = `${CLASS.error}-hint`;
    p.textContent = hint;
    box.appendChild(p);
  }
  return box;
}

/** The sentences of any thrown value: a PayloadError's issues, else its message. */
export function issuesOf(e: unknown): string[] {
  if (e && typeof e === 'object' && Array.isArray((e as { issues?: unknown }).issues)) {
    return ((e as { issues: unknown[] }).issues).map(String);
  }
  return [e instanceof Error ? e.message : String(e)];
}
