/**
 * Parameter controls for one loss from its catalog entry: the payload's values are the starting
 * point, every change is written into the `values` object the widget computes with.
 */
import type { LossDescriptor, ParamValues } from 'losslab';
import { hasControl, initialValue, paramControl } from '../controls.js';

/**
 * Controls for the parameters of `desc` that have one (see `hasControl`); `values` is filled with
 * their starting values and kept current. Other parameters keep the payload's value, if any.
 */
export function paramControls(desc: LossDescriptor, values: ParamValues, onChange: () => void): HTMLElement[] {
  return desc.params.filter(hasControl).map((spec) => {
    const start = initialValue(spec, values[spec.name]);
    // A number whose default is "off" (null) stays absent until its control switches it on.
    if (start !== undefined) values[spec.name] = start;
    return paramControl(spec, start, (v) => {
      if (v === undefined) delete values[spec.name];
      else values[spec.name] = v;
      onChange();
    });
  });
}
