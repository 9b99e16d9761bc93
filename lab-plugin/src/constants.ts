/**
 * The names this extension uses, each defined once: the MIME type it renders (from the shared
 * payload definition in `losslab/mime`) and the CSS classes of its DOM (styled in style/base.css).
 */
import { LOSSLAB_MIME } from 'losslab/mime';

/** The MIME type rendered: `application/vnd.losslab.v1+json`. */
export const MIME_TYPE = LOSSLAB_MIME;

/** The id of the JupyterLab mime extension. */
export const EXTENSION_ID = '@losslab/jupyterlab:renderer';

/** CSS classes. */
export const CLASS = {
  /** The renderer widget (one output). */
  root: 'jp-LosslabRenderer',
  /** A drawn widget inside the renderer. */
  view: 'jp-LosslabView',
  title: 'jp-LosslabTitle',
  formula: 'jp-LosslabFormula',
  controls: 'jp-LosslabControls',
  group: 'jp-LosslabGroup',
  groupLabel: 'jp-LosslabGroupLabel',
  control: 'jp-LosslabControl',
  value: 'jp-LosslabValue',
  toggle: 'jp-LosslabToggle',
  toggleActive: 'jp-mod-active',
  plot: 'jp-LosslabPlot',
  summary: 'jp-LosslabSummary',
  status: 'jp-LosslabStatus',
  loading: 'jp-LosslabLoading',
  /** The readable error box shown instead of a widget (bad payload) or above its plot (bad value). */
  error: 'jp-LosslabError',
} as const;

/** The `data-widget` attribute on a view: the payload's widget kind, for tests and styles. */
export const WIDGET_ATTRIBUTE = 'data-losslab-widget';
