/**
 * Parameter controls for one loss from its catalog entry: the payload's values are the starting
 * point, every change is written into the `values` object the widget computes with.
 */
import type { LossDescriptor, ParamValues } from 'losslab';
import { initialValue, paramControl } from '../controls.js';

/** Controls for every parameter of `desc`; `values` is filled with the starting values and kept current. */
export function paramControls(desc: LossDescriptor, values: ParamValues, onChange: () => void): HTMLElement[] {
  return desc.params.map((spec) => {
    const given = values[spec.name];
    const start = initialValue(spec, given);
    // A parameter whose default is "off" (null) stays absent until the user moves its control.
    if (given !== undefined || spec.default !== null) values[spec.name] = start;
    return paramControl(spec, start, (v) => {
      values[spec.name] = v;
      onChange();
    });
  });
}
