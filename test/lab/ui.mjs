// Page helpers for the end-to-end tests: opening notebooks, finding losslab views and their
// Plotly plots, moving sliders, timing redraws, switching the theme.

const VIEW = '.jp-LosslabView';

/** Opens a notebook in a fresh workspace and waits for its cells. */
export async function openNotebook(page, lab, name, options = {}) {
  const workspace = `e2e-${name.replace(/\W/g, '-')}-${Date.now()}`;
  await page.goto(lab.url(`/lab/workspaces/${workspace}/tree/${name}?reset`));
  await waitForNotebook(page, options);
}

/**
 * Waits for the notebook's cells. A notebook without kernel metadata (stored outputs need no
 * kernel) makes JupyterLab ask which kernel to start: answer "no kernel" (Escape) when it does.
 */
export async function waitForNotebook(page, { kernel = false } = {}) {
  await page.locator('.jp-NotebookPanel .jp-Notebook .jp-Cell').first().waitFor({ timeout: 90_000 });
  if (kernel) return;
  const dialog = page.locator('.jp-Dialog', { hasText: 'Select Kernel' });
  try {
    await dialog.waitFor({ timeout: 15_000 });
  } catch {
    return;
  }
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached', timeout: 10_000 });
}

/** The nth losslab view of a widget kind. */
export function view(page, kind, nth = 0) {
  return page.locator(`${VIEW}[data-losslab-widget=${kind}]`).nth(nth);
}

/** Waits until a view has drawn its plot and is idle. */
export async function waitDrawn(v, timeout = 90_000) {
  await v.waitFor({ state: 'attached', timeout });
  await v.locator('.js-plotly-plot .main-svg').first().waitFor({ state: 'attached', timeout });
  await settle(v);
}

/** Waits until the view has no redraw running or queued. */
export async function settle(v) {
  const handle = await v.elementHandle();
  await handle.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await v.page().waitForFunction((el) => el.dataset.busy !== 'true' && el.dataset.tensors !== undefined, handle, { timeout: 60_000 });
}

export function plotInfo(v) {
  return v.evaluate((el) => {
    const gd = el.querySelector('.js-plotly-plot');
    return {
      traces: gd.data.length,
      svgs: gd.querySelectorAll('.main-svg').length,
      names: gd.data.map((d) => String(d.name ?? '')),
      types: gd.data.map((d) => d.type ?? 'scatter'),
      points: gd.data.map((d) => (d.y ? d.y.length : 0)),
    };
  });
}

export function traceY(v, i) {
  return v.evaluate((el, i) => Array.from(el.querySelector('.js-plotly-plot').data[i].y, Number), i);
}

export function maxAbsDiff(a, b) {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (Number.isNaN(d)) {
      if (Number.isNaN(a[i]) !== Number.isNaN(b[i])) return Infinity;
    } else if (d > m) m = d;
  }
  return m;
}

/** Sets a slider as a user's input would and waits for the redraw; returns the drawn event's detail. */
export function setSlider(v, param, value) {
  return v.evaluate(
    (el, [param, value]) =>
      new Promise((resolve, reject) => {
        const slider = el.querySelector(`input[type=range][data-param="${param}"]`);
        if (!slider) return reject(new Error(`no slider for ${param}`));
        el.addEventListener('losslab:drawn', (e) => resolve(e.detail), { once: true });
        slider.value = String(value);
        slider.dispatchEvent(new Event('input', { bubbles: true }));
      }),
    [param, value],
  );
}

/**
 * Times slider changes in the page: from just before the input event to the view's `losslab:drawn`
 * (Plotly's redraw finished), and to the next animation frame (the frame that shows it).
 */
export function timeSlider(v, param, values) {
  return v.evaluate(async (el, [param, values]) => {
    const slider = el.querySelector(`input[type=range][data-param="${param}"]`);
    const out = [];
    for (const value of values) {
      const drawn = new Promise((r) => el.addEventListener('losslab:drawn', (e) => r(e.detail), { once: true }));
      const t0 = performance.now();
      slider.value = String(value);
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      const detail = await drawn;
      const t1 = performance.now();
      await new Promise((r) => requestAnimationFrame(() => r()));
      out.push({ ms: t1 - t0, computeMs: detail.computeMs, drawMs: detail.drawMs, frameMs: performance.now() - t0, ok: detail.ok });
    }
    return out;
  }, [param, values]);
}

export function activeCellIndex(page) {
  return page.evaluate(() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell')].findIndex((c) => c.classList.contains('jp-mod-active')));
}

export function paperColor(v) {
  return v.evaluate((el) => el.querySelector('.js-plotly-plot')._fullLayout.paper_bgcolor);
}

export function plotWidth(v) {
  return v.evaluate((el) => el.querySelector('.js-plotly-plot')._fullLayout.width);
}

/** Relative luminance (0 black … 1 white) of a CSS colour such as `white`, `#111`, `rgb(…)`. */
export function luminance(color) {
  const named = { white: [255, 255, 255], black: [0, 0, 0] };
  let rgb = named[String(color).trim().toLowerCase()];
  if (!rgb) {
    const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(String(color).trim());
    if (hex) {
      const h = hex[1].length === 3 ? [...hex[1]].map((c) => c + c).join('') : hex[1];
      rgb = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
    } else {
      const m = /rgba?\(([^)]+)\)/.exec(String(color));
      if (!m) throw new Error(`cannot read the colour ${color}`);
      rgb = m[1].split(',').slice(0, 3).map(Number);
    }
  }
  return (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255;
}

/** Switches the JupyterLab theme through its Settings menu, as a user does. */
export async function setTheme(page, name) {
  await page.locator('.lm-MenuBar-itemLabel', { hasText: /^Settings$/ }).click();
  await page.locator('.lm-Menu-itemLabel', { hasText: /^Theme$/ }).hover();
  await page.locator('.lm-Menu-itemLabel', { hasText: new RegExp(`^${name}$`) }).click();
  const light = !/dark/i.test(name);
  await page.waitForFunction((light) => document.body.dataset.jpThemeLight === String(light), light, { timeout: 20_000 });
}

/** Runs every cell of the open notebook (Run menu) and waits until the kernel is idle. */
export async function runAllCells(page) {
  await page.locator('.lm-MenuBar-itemLabel', { hasText: /^Run$/ }).click();
  await page.locator('.lm-Menu-itemLabel', { hasText: /^Run All Cells$/ }).click();
}

/** Whether the current notebook tab shows unsaved changes. */
export function isDirty(page) {
  return page.evaluate(() => !!document.querySelector('.lm-TabBar-tab.jp-mod-current.jp-mod-dirty'));
}

/** Saves the open notebook with the keyboard shortcut and waits until it is clean. */
export async function save(page) {
  await page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+s');
  await page.waitForFunction(() => !document.querySelector('.lm-TabBar-tab.jp-mod-current.jp-mod-dirty'), null, { timeout: 30_000 });
}
