/**
 * `inspectEmbeddings`' bundle: the embedding inspector payload with an SVG of the projected
 * anchors, positives and negatives and the pairs the loss acts on (thicker = more loss), and a
 * text summary of per-anchor losses.
 */
import type { ParamValues, Tensor, TensorLike } from 'losslab';
import type { EmbeddingPayload } from 'losslab/mime';
import { embeddingFigure, type EmbeddingFigure } from 'losslab/viz';
import { scatterChart, ROLE_COLORS, type ScatterPoint, type Segment } from './svg/index.js';
import { fmt } from './svg/doc.js';
import { PLUGIN_HINT, type MimeBundle, jsonRows, textTable, widgetBundle } from './bundle.js';

export interface EmbeddingBatch {
  anchors: TensorLike | Tensor;
  positives: TensorLike | Tensor;
  negatives?: TensorLike | Tensor;
  /** Class labels per anchor, or pair labels (1 similar, 0 dissimilar) for pair losses. */
  labels?: number[] | Tensor;
}

export interface InspectEmbeddingsOptions {
  params?: ParamValues;
  title?: string;
}

const TABLE_ROWS = 10;
const SHAPES = { anchor: 'circle', positive: 'diamond', negative: 'triangle' } as const;

export function embeddingPayload(id: string, b: EmbeddingBatch, o: InspectEmbeddingsOptions = {}): EmbeddingPayload {
  const labels = b.labels === undefined ? undefined : (Array.isArray(b.labels) ? b.labels : (b.labels as Tensor).arraySync()) as number[];
  return {
    version: 1,
    widget: 'embedding',
    loss: id,
    anchors: jsonRows(b.anchors, id, 'anchors'),
    positives: jsonRows(b.positives, id, 'positives'),
    ...(b.negatives !== undefined ? { negatives: jsonRows(b.negatives, id, 'negatives') } : {}),
    ...(labels ? { labels } : {}),
    ...(o.params ? { params: o.params } : {}),
    ...(o.title !== undefined ? { title: o.title } : {}),
  };
}

/** The SVG of an embedding figure. */
export function embeddingSvg(f: EmbeddingFigure): string {
  const maxLoss = Math.max(...f.pairs.map((p) => p.loss), 1e-12);
  const segments: Segment[] = f.pairs.map((p) => {
    const a = f.points[p.from]!;
    const b = f.points[p.to]!;
    const w = p.loss / maxLoss;
    return { from: [a.x, a.y], to: [b.x, b.y], color: p.kind === 'positive' ? ROLE_COLORS.positive : ROLE_COLORS.negative, dashed: p.kind === 'negative', width: 0.8 + 2.7 * w, opacity: 0.35 + 0.6 * w };
  });
  const points: ScatterPoint[] = f.points.map((p) => ({ x: p.x, y: p.y, color: ROLE_COLORS[p.role], shape: SHAPES[p.role], tag: String(p.index) }));
  const roles = new Set(f.points.map((p) => p.role));
  const legend = [
    ...(['anchor', 'positive', 'negative'] as const).filter((r) => roles.has(r)).map((r) => ({ label: `${r}s`, color: ROLE_COLORS[r], shape: SHAPES[r] })),
    { label: 'positive pair', color: ROLE_COLORS.positive, shape: 'line' as const },
    { label: 'negative pair', color: ROLE_COLORS.negative, shape: 'dashed' as const },
  ];
  const margin = f.margin !== undefined ? ` · margin ${fmt(f.margin)} (${f.distanceLabel})` : '';
  return scatterChart({
    title: f.title,
    subtitle: `loss = ${fmt(f.reduced)}${margin} · line width: the pair's loss`,
    xLabel: f.xLabel,
    yLabel: f.yLabel,
    points,
    segments,
    legend,
    width: 680,
    height: 480,
  }).svg;
}

function plain(f: EmbeddingFigure): string {
  const order = f.perAnchor.map((l, i) => ({ l, i })).sort((a, b) => b.l - a.l).slice(0, TABLE_ROWS);
  const rows = order.map(({ l, i }) => {
    const own = f.pairs.filter((p) => p.from === i);
    const pos = own.find((p) => p.kind === 'positive');
    const neg = own.filter((p) => p.kind === 'negative').sort((a, b) => b.loss - a.loss)[0];
    return [String(i), fmt(l), pos ? fmt(pos.distance) : '', neg ? fmt(neg.distance) : ''];
  });
  return [
    `${f.title}: loss ${fmt(f.reduced)} over ${f.perAnchor.length} anchors (${f.projection === 'pca' ? `PCA, ${Math.round((f.explained[0] + f.explained[1]) * 100)}% of variance shown` : '2-D'})`,
    textTable(['anchor', 'loss', `positive: ${f.distanceLabel}`, 'top negative'], rows),
  ].join('\n');
}

/**
 * The bundle of `inspectEmbeddings`: the embedding payload, an SVG scatter of the projected points
 * with the loss's pairs, and text/plain with the anchors of highest loss.
 *
 * @throws LossInputError for an unknown or unsupported id, bad parameters, or mismatched rows.
 */
export function inspectEmbeddingsBundle(id: string, batch: EmbeddingBatch, options: InspectEmbeddingsOptions = {}): MimeBundle {
  const payload = embeddingPayload(id, batch, options);
  const f = embeddingFigure(payload);
  return widgetBundle(payload, embeddingSvg(f), `${plain(f)}\n${PLUGIN_HINT}`);
}
