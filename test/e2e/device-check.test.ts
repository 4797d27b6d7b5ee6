/**
 * "Check this device" in the built app (software WebGPU, no network): a self-test stored in this
 * browser for this GPU shows in Models and in the run form, whose estimate then says it is
 * measured; a model without one is named as not yet checked; pressing the button for it loads the
 * model in the real worker and says why the self-test could not finish (no download here).
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { DeviceInfo } from '../../src/lib/core/records';
import { sampleDeviceCheck } from '../doubles/device-checks';
import { openSession, type Session } from './browser';

const CHECKED = 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC';
const CHECKED_LABEL = 'Qwen2.5 0.5B Instruct (q4f32_1)';
const OTHER_LABEL = 'Qwen2.5 1.5B Instruct (q4f32_1)';

let s: Session | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

describe('Check this device', () => {
  it('shows a stored self-test, times the run from it, and reports a self-test that cannot load its model', async () => {
    s = await openSession({ webgpu: true });
    const { page } = s;
    await page.goto(inject('baseUrl'));
    await page.getByRole('heading', { name: 'New run' }).waitFor();
    // This GPU as the app names it, then a passed self-test of one model on it, as the app stores it.
    const device = await page.evaluate(async (): Promise<DeviceInfo> => {
      interface AdapterInfo {
        readonly vendor: string;
        readonly architecture: string;
        readonly device: string;
        readonly description: string;
      }
      const gpu = (
        navigator as unknown as {
          gpu: { requestAdapter(o: object): Promise<{ info: AdapterInfo; features: ReadonlySet<string> } | null> };
        }
      ).gpu;
      const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
      if (adapter === null) throw new Error('no adapter');
      const info = adapter.info;
      return {
        vendor: info.vendor,
        architecture: info.architecture,
        device: info.device,
        description: info.description,
        hasF16: adapter.features.has('shader-f16'),
        userAgent: navigator.userAgent,
      };
    });
    const check = sampleDeviceCheck({ model: CHECKED, device });
    await page.evaluate((saved) => localStorage.setItem('device-checks', saved), JSON.stringify([check]));
    await page.reload();
    await page.getByRole('heading', { name: 'New run' }).waitFor();

    const basis = page.getByTestId('estimate-basis');
    await expect(basis.textContent()).resolves.toContain("Estimated from the speed this device's self-test measured");
    await expect(page.getByTestId('unchecked').count()).resolves.toBe(0);
    await page.getByLabel(OTHER_LABEL.replace(' (q4f32_1)', ''), { exact: true }).check();
    await expect(basis.textContent()).resolves.toMatch(
      new RegExp(`Measured on this device for ${CHECKED_LABEL.replace(/[()]/g, '\\$&')}; assumed`),
    );
    await expect(page.getByTestId('unchecked').textContent()).resolves.toContain(
      `Not yet checked on this device: ${OTHER_LABEL}`,
    );

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Models' }).click();
    const report = page.getByTestId('device-check');
    await report.waitFor();
    await expect(report.locator('summary').first().textContent()).resolves.toMatch(
      new RegExp(`${CHECKED_LABEL.replace(/[()]/g, '\\$&')}:\\s*passed\\s*\\(5 of 5 checks\\)`),
    );
    await report.locator('summary').first().click();
    await expect(report.textContent()).resolves.toContain("b. Exact path against web-llm's log-probabilities");
    await expect(
      page.getByRole('button', { name: `Check this device with ${CHECKED_LABEL}` }).textContent(),
    ).resolves.toBe('Check again');

    await page.getByRole('button', { name: `Check this device with ${OTHER_LABEL}` }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 45_000 });
    await expect(alert.textContent()).resolves.toContain(`The self-test of ${OTHER_LABEL} could not finish`);
    await expect(alert.textContent()).resolves.toContain('Model files could not be downloaded');
  }, 90_000);
});
