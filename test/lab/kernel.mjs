// The kernel part of the end-to-end tests: cells run on the `losslab` kernel (kernel-ext/) call the
// display helpers of @losslab/kernel; their outputs must render as widgets, be saved into the
// notebook file, and render again from the file after the kernel is gone and the page reloaded.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MIME, classificationBatch, codeCellOf, notebook, writeNotebook } from './notebooks.mjs';

export const KERNEL_NAME = 'losslab';

const batch = classificationBatch(64, 4, 5);
const CELLS = [
  "import { plotLoss, inspectBatch, lossLandscape } from '@losslab/kernel';",
  "plotLoss('focalLoss', { sweep: { gamma: [0, 2, 5] } });",
  `const logits = ${JSON.stringify(batch.logits)};\nconst target = ${JSON.stringify(batch.target)};\ninspectBatch('focalLoss', { logits, target }, { params: { gamma: 2 } });`,
  "lossLandscape('crossEntropy');",
];
const KINDS = ['explorer', 'batch', 'landscape'];

export async function kernelTests({ test, assert, page, lab, nbDir, artifacts, ui }) {
  const file = 'kernel.ipynb';
  await test('cells run on the losslab kernel render widgets, are saved, and render again after a reload without the kernel', async () => {
    const specs = await lab.api('/api/kernelspecs');
    assert(specs.kernelspecs[KERNEL_NAME], `the "${KERNEL_NAME}" kernel is installed in .venv (the setup's kernel step); have: ${Object.keys(specs.kernelspecs).join(', ')}`);
    const spec = specs.kernelspecs[KERNEL_NAME].spec;
    writeNotebook(
      join(nbDir, file),
      notebook(CELLS.map(codeCellOf), { name: KERNEL_NAME, display_name: spec.display_name, language: spec.language }),
    );
    await ui.openNotebook(page, lab, file, { kernel: true });
    // The kernel starts with the notebook: wait until the server reports it idle and the page shows it.
    const deadline = Date.now() + 120_000;
    for (;;) {
      const sessions = await lab.api('/api/sessions');
      const kernel = sessions.find((x) => x.path.endsWith(file))?.kernel;
      if (kernel?.execution_state === 'idle') break;
      assert(Date.now() < deadline, `the losslab kernel became idle (state: ${kernel?.execution_state ?? 'no session'})`);
      await page.waitForTimeout(500);
    }
    await page.waitForFunction(() => /\|\s*Idle/.test(document.querySelector('.jp-StatusBar-Widget, #jp-main-statusbar')?.textContent ?? ''), null, { timeout: 60_000 });
    // Run all; if nothing started (a click racing the kernel connection), run all again.
    for (let attempt = 1; ; attempt++) {
      await ui.runAllCells(page);
      const started = await page
        .waitForFunction(() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-InputArea-prompt')].some((p) => /\[(\*|\d+)\]/.test(p.textContent ?? '')), null, { timeout: 20_000 })
        .then(() => true, () => false);
      if (started) break;
      assert(attempt < 3, 'Run All Cells started the cells');
    }
    for (const kind of KINDS) await ui.waitDrawn(ui.view(page, kind), 180_000);
    const errors = await page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], .jp-RenderedText[data-mime-type="application/vnd.jupyter.error"]').allInnerTexts();
    assert(errors.length === 0, `no error outputs: ${errors.join('\n')}`);
    for (const kind of KINDS) await ui.view(page, kind).screenshot({ path: join(artifacts, `kernel-${kind}.png`) });
    // γ slider on the kernel's explorer works like the stored one.
    const explorer = ui.view(page, 'explorer');
    const y0 = await ui.traceY(explorer, 0);
    await ui.setSlider(explorer, 'gamma', 1.3);
    assert(ui.maxAbsDiff(y0, await ui.traceY(explorer, 0)) > 1e-3, 'the kernel-made explorer redraws in the browser');

    await ui.save(page);
    const saved = JSON.parse(readFileSync(join(nbDir, file), 'utf8'));
    const widgetsInFile = saved.cells.flatMap((c) => c.outputs ?? []).filter((o) => o.data?.[MIME]).map((o) => o.data[MIME].widget);
    assert(KINDS.every((k) => widgetsInFile.includes(k)), `the saved file holds the payloads (${widgetsInFile.join(', ')})`);

    // Without the kernel: shut every session down, reload, and the stored outputs draw again
    // (nothing is executed on reload: the widgets come from the saved outputs).
    for (const s of await lab.api('/api/sessions')) await lab.api(`/api/sessions/${s.id}`, { method: 'DELETE' });
    await page.reload();
    await ui.waitForNotebook(page, { kernel: true });
    for (const kind of KINDS) await ui.waitDrawn(ui.view(page, kind), 90_000);
  }, 360_000);
}
