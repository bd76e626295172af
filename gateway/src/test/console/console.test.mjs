// Drives the console of a running gateway in headless Chromium, as a field engineer would use it.
// Usage: node console.test.mjs <base-url> <screenshot.png>
// Exit 0 when every check passed; 1 with the failed check on stderr.
import { chromium } from 'playwright-core';

const [base, screenshot] = process.argv.slice(2);
const TIMEOUT = 20_000;

function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
let failed = null;
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  await page.goto(base, { timeout: TIMEOUT });

  // every registered device is listed, and the demo's stations come online
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="device-row"]').length >= 61, null, { timeout: TIMEOUT });
  await page.waitForFunction(() => /online/i.test(document.querySelector('[data-testid="summary"]').textContent), null, { timeout: TIMEOUT });

  // filtering narrows the table
  await page.fill('[data-testid="filter-text"]', 'ws-0');
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('[data-testid="device-row"]')].filter(r => r.offsetParent !== null);
    return rows.length === 9 && rows.every(r => r.dataset.deviceId.startsWith('ws-0'));
  }, null, { timeout: TIMEOUT });

  // a device's latest values, with units, once selected
  await page.click('[data-testid="device-row"][data-device-id="ws-01"]');
  await page.waitForSelector('[data-testid="latest-row"][data-metric="nh3n"]', { timeout: TIMEOUT });
  const detail = await page.textContent('[data-testid="device-detail"]');
  check(detail.includes('ws-01'), `detail panel does not name ws-01: ${detail.slice(0, 200)}`);
  check(detail.includes('mg/L'), 'detail panel shows no unit mg/L');
  const metrics = await page.$$eval('[data-testid="latest-row"]', rows => rows.map(r => r.dataset.metric).sort());
  check(JSON.stringify(metrics) === JSON.stringify(['codmn', 'do', 'nh3n', 'ph', 'tp', 'water_temp']),
        `latest values of ws-01 are ${metrics}`);
  await page.screenshot({ path: screenshot, fullPage: true });
  check(errors.length === 0, `JavaScript errors on the page: ${errors.join('; ')}`);
} catch (e) {
  failed = e;
} finally {
  await browser.close();
}
if (failed) {
  console.error(`console test failed: ${failed.message}`);
  process.exit(1);
}
console.log('console test passed');
