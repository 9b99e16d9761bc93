import { describe, it, expect } from 'vitest';
import { checkPayload, validatePayload, PayloadError, LOSSLAB_PAYLOAD_VERSION, PAYLOAD_LIMITS } from 'losslab/mime';
import { catalog } from 'losslab';

const describeLoss = (id: string) => catalog[id];

/** The issues of a payload that must be rejected. */
function issuesOf(data: unknown, withCatalog = true): string[] {
  const r = checkPayload(data, withCatalog ? { describe: describeLoss } : {});
  if (r.ok) throw new Error(`expected a rejection of ${JSON.stringify(data)}`);
  expect(r.reason).toBe('malformed');
  return r.issues;
}

const explorer = { version: 1, widget: 'explorer', curves: [{ loss: 'huberLoss', params: { delta: 1.5 } }, { loss: 'mseLoss' }] };
const batch = { version: 1, widget: 'batch', loss: 'mseLoss', inputs: { input: [[1, 2], [3, 4]], target: [[0, 2], [3, 1]] }, reduction: 'sum' };
const embedding = {
  version: 1,
  widget: 'embedding',
  loss: 'mseLoss',
  anchors: [[0, 1], [1, 0]],
  positives: [[0, 0.9], [0.9, 0]],
  negatives: [[1, 1], [-1, 0]],
  labels: [0, 1],
};
const landscape = { version: 1, widget: 'landscape', loss: 'huberLoss', x: { min: -2, max: 2 }, y: { min: -1, max: 1 }, points: 50 };

describe('checkPayload: well-formed payloads', () => {
  it.each([
    ['explorer', explorer],
    ['batch', batch],
    ['embedding', embedding],
    ['landscape', landscape],
  ])('accepts a %s payload, with and without the catalog, and returns it unchanged', (_, payload) => {
    for (const options of [{}, { describe: describeLoss }]) {
      const r = checkPayload(payload, options);
      expect(r).toEqual({ ok: true, payload });
      if (r.ok) expect(r.payload).toBe(payload);
    }
  });

  it('ignores fields it does not know (additions within version 1 stay readable)', () => {
    expect(checkPayload({ ...explorer, someFutureField: { a: 1 } }).ok).toBe(true);
  });

  it('validatePayload returns the payload', () => {
    expect(validatePayload(batch)).toBe(batch);
  });
});

describe('checkPayload: newer and wrong versions', () => {
  it('reports a newer payload version as such, naming both versions and what to update', () => {
    const r = checkPayload({ version: LOSSLAB_PAYLOAD_VERSION + 1, widget: 'hologram', whatever: true });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toBe('newer-version');
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toContain(`payload version ${LOSSLAB_PAYLOAD_VERSION + 1}`);
    expect(r.issues[0]).toContain(`reads version ${LOSSLAB_PAYLOAD_VERSION}`);
    expect(r.issues[0]).toContain('@losslab/jupyterlab');
  });

  it.each([[undefined, 'nothing (the field is missing)'], [0, '0'], ['1', '"1"'], [1.5, '1.5']])(
    'rejects version %j as malformed',
    (version, got) => {
      expect(issuesOf({ ...explorer, version })).toEqual([`version must be 1, but got ${got}.`]);
    },
  );

  it('throws a PayloadError carrying the reason and the issues', () => {
    try {
      validatePayload({ version: 7, widget: 'explorer' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PayloadError);
      expect((e as PayloadError).reason).toBe('newer-version');
      expect((e as PayloadError).message).toMatch(/newer losslab/);
    }
  });
});

describe('checkPayload: malformed payloads get readable messages', () => {
  it.each([
    [null, 'The losslab payload must be a JSON object, but got null.'],
    ['{"version": 1}', 'The losslab payload must be a JSON object, but got "{\\"version\\": 1}".'],
    [[1, 2], 'The losslab payload must be a JSON object, but got an array of length 2.'],
  ])('a non-object: %j', (data, message) => {
    expect(issuesOf(data)).toEqual([message]);
  });

  it('an unknown widget lists the known ones', () => {
    expect(issuesOf({ version: 1, widget: 'hologram' })).toEqual([
      'widget must be one of "explorer", "batch", "embedding", "landscape", but got "hologram".',
    ]);
  });

  it('explorer: every problem is reported, each with its path', () => {
    const issues = issuesOf({
      version: 1,
      widget: 'explorer',
      curves: [{ loss: 'huberLoss', params: { delta: '2', beta: 1 } }, { loss: 42 }, 'mseLoss', { loss: 'noSuchLoss' }],
      view: 'hessian',
      range: [3, -3],
      points: 1e9,
    });
    expect(issues).toEqual([
      'curves[0].params.delta must be a finite number, but got "2".',
      'curves[0].params.beta must be a parameter of huberLoss (delta), but got a parameter named "beta".',
      'curves[1].loss must be a loss id (a string such as "focalLoss"), but got 42.',
      'curves[2] must be an object { loss, params?, label? }, but got "mseLoss".',
      'curves[3].loss must be a loss of the losslab catalog, but got "noSuchLoss", which this losslab does not know.',
      'view must be "loss" or "gradient", but got "hessian".',
      'range must be two finite numbers [min, max] with min < max, but got [3,-3].',
      `points must be an integer from ${PAYLOAD_LIMITS.explorerPoints.min} to ${PAYLOAD_LIMITS.explorerPoints.max}, but got 1000000000.`,
    ]);
  });

  it('explorer: an empty or missing curve list', () => {
    expect(issuesOf({ version: 1, widget: 'explorer', curves: [] })[0]).toMatch(/^curves must be a list of 1 to 32 curves .*but got an array of length 0\.$/);
    expect(issuesOf({ version: 1, widget: 'explorer' })[0]).toMatch(/but got nothing \(the field is missing\)\.$/);
  });

  it('without a catalog, ids and parameter names are not checked, but value types are', () => {
    const r = checkPayload({ version: 1, widget: 'explorer', curves: [{ loss: 'noSuchLoss', params: { foo: 1, bar: [1] } }] });
    expect(r).toEqual({ ok: false, reason: 'malformed', issues: ['curves[0].params.bar must be a finite number, a boolean or a string, but got an array of length 1.'] });
  });

  it('batch: ragged, non-numeric and unknown inputs, a bad reduction', () => {
    expect(issuesOf({ ...batch, inputs: { input: [[1, 2], [3]], target: [[0, 2], [3, null]], weight: [1] }, reduction: 'max' })).toEqual([
      'reduction must be one of "mean", "sum", "none", but got "max".',
      'inputs.input must be a rectangular list of shape [2, 2], but got a list of length 1 where 2 was expected at [1].',
      'inputs.target must be a (nested) list of finite numbers, but got null at [1][1].',
      'inputs.weight must be an input of mseLoss (input, target), but got an input named "weight".',
    ]);
    expect(issuesOf({ ...batch, inputs: {} })[0]).toMatch(/^inputs must be an object of the loss's inputs by name/);
    expect(issuesOf({ ...batch, inputs: { input: 'abc', target: 1 } })).toEqual(['inputs.input must be a number or a (nested) list of numbers, but got "abc".']);
  });

  it('batch: tensor-valued options must be tensors', () => {
    expect(checkPayload({ ...batch, tensorParams: { weight: [1, 5] } }).ok).toBe(true);
    expect(issuesOf({ ...batch, tensorParams: { weight: [1, 'x'] } })).toEqual(['tensorParams.weight must be a (nested) list of finite numbers, but got "x" at [1].']);
    expect(issuesOf({ ...batch, tensorParams: [1] })[0]).toMatch(/^tensorParams must be an object of tensor-valued options/);
  });

  it('batch: a batch too large to draw', () => {
    const row = new Array(1000).fill(0);
    const rows = PAYLOAD_LIMITS.batchElements / 1000;
    const input = new Array(rows / 2).fill(row);
    const target = new Array(rows / 2 + 1).fill(row);
    expect(checkPayload({ ...batch, inputs: { input } }).ok).toBe(true);
    expect(issuesOf({ ...batch, inputs: { input, target } })).toEqual([
      `inputs must be at most ${PAYLOAD_LIMITS.batchElements} numbers in all, but got ${PAYLOAD_LIMITS.batchElements + 1000}.`,
    ]);
  });

  it('embedding: shapes of anchors, positives, negatives and labels must agree', () => {
    expect(issuesOf({ ...embedding, positives: [[0, 1, 2]], negatives: [[1]], labels: [0, 1.5] })).toEqual([
      'positives must be 2 rows (one per anchor), but got 1 rows.',
      'positives must be rows of dimension 2, as the anchors, but got dimension 3.',
      'negatives must be rows of dimension 2, as the anchors, but got dimension 1.',
      'labels must be a list of integer class labels, but got an array of length 2.',
    ]);
    expect(issuesOf({ ...embedding, anchors: [1, 2] })[0]).toBe('anchors must be a non-empty list of vectors (rows of numbers), but got an array of length 2.');
    expect(issuesOf({ ...embedding, labels: [0] })).toEqual(['labels must be 2 labels (one per anchor), but got an array of length 1.']);
  });

  it('landscape: axis ranges and grid size', () => {
    expect(issuesOf({ ...landscape, x: { min: 1, max: 1 }, y: [0, 1], points: 1000 })).toEqual([
      'x must be { min, max } with finite min < max, but got {"min":1,"max":1}.',
      'y must be { min, max } with finite min < max, but got an array of length 2.',
      'points must be an integer from 2 to 400, but got 1000.',
    ]);
  });

  it('stops after maxIssues', () => {
    const curves = Array.from({ length: 30 }, () => ({ loss: 7 }));
    const r = checkPayload({ version: 1, widget: 'explorer', curves }, { maxIssues: 5 });
    expect(r.ok || r.issues.length).toBe(5);
  });

  it('a title that is not a string', () => {
    expect(issuesOf({ ...landscape, title: 3 })).toEqual(['title must be a string, but got 3.']);
  });
});
