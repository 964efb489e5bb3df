// Loads a rendered report in Debian's Chromium (through playwright-core,
// which brings no browser of its own) and prints one JSON object of
// findings on stdout. tests/html_tools.rs runs it and asserts on the JSON.
//
//   node check-page.mjs sample  <page.html> <out-dir>
//   node check-page.mjs hostile <page.html> <out-dir> <expected-title>
//
// sample:  screenshots at desktop (1280 wide, full page) and phone (390
//          wide), a print-to-PDF, axe-core results at both widths, sideways
//          overflow at phone width (of the page, and of each table in its
//          wrapper), and every network request attempted.
// hostile: loads the page twice, with its Content-Security-Policy bypassed
//          (so the sanitizer alone is tested) and enforced, and reports
//          whether any payload ran: title changed, an element with id
//          "pwned" added, a dialog opened, a request made.
//
// The page forbids scripts itself, so axe is injected through the DevTools
// protocol with `bypassCSP: true`. Playwright starts Chromium with a new
// temporary --user-data-dir for every launch.
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');

const [mode, file, outDir, expectedTitle] = process.argv.slice(2);
if (!mode || !file || !outDir) {
  console.error('usage: check-page.mjs sample|hostile <page.html> <out-dir> [expected-title]');
  process.exit(2);
}
const url = pathToFileURL(path.resolve(file)).href;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

/** Opens the page in a fresh context; records requests, dialogs, errors. */
async function open({ width, height, bypassCSP }) {
  const context = await browser.newContext({
    viewport: { width, height },
    bypassCSP,
    javaScriptEnabled: true,
  });
  const seen = { requests: [], dialogs: [], console: [], pageErrors: [] };
  // Nothing but the page itself may be fetched: record and refuse the rest.
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u === url) return route.continue();
    seen.requests.push(u);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('dialog', (d) => {
    seen.dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  page.on('console', (m) => seen.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => seen.pageErrors.push(String(e)));
  await page.goto(url, { waitUntil: 'load' });
  // Give timers, onload handlers and lazy loads a moment to fire.
  await page.waitForTimeout(300);
  return { context, page, seen };
}

async function axe(page) {
  await page.addScriptTag({ path: axePath });
  const results = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { resultTypes: ['violations'] }),
  );
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
  }));
}

const result = { mode };
try {
  if (mode === 'sample') {
    for (const [name, width, height] of [
      ['desktop', 1280, 900],
      ['phone', 390, 844],
    ]) {
      const { context, page, seen } = await open({ width, height, bypassCSP: true });
      const shot = path.join(outDir, `sample-${name}.png`);
      await page.screenshot({ path: shot, fullPage: true });
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      // Tables that still scroll sideways inside their wrapper.
      const tableScrollers = await page.evaluate(
        () => [...document.querySelectorAll('.table-wrap')].filter(
          (w) => w.scrollWidth > w.clientWidth + 1,
        ).length,
      );
      result[name] = {
        screenshot: shot,
        overflowX: overflow,
        tableScrollers,
        violations: await axe(page),
        ...seen,
      };
      if (name === 'desktop') {
        const pdf = path.join(outDir, 'sample.pdf');
        await page.emulateMedia({ media: 'print' });
        await page.pdf({ path: pdf, format: 'A4', printBackground: true, preferCSSPageSize: true });
        result.pdf = pdf;
      }
      await context.close();
    }
  } else if (mode === 'hostile') {
    for (const [name, bypassCSP] of [
      ['sanitizerOnly', true],
      ['withPolicy', false],
    ]) {
      const { context, page, seen } = await open({ width: 1280, height: 900, bypassCSP });
      const state = await page.evaluate(() => ({
        title: document.title,
        pwned: document.getElementById('pwned') !== null,
        scripts: document.scripts.length,
        iframes: document.querySelectorAll('iframe, object, embed, frame').length,
        handlers: [...document.querySelectorAll('*')].flatMap((el) =>
          [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => `${el.localName}[${a.name}]`),
        ),
        jsLinks: [...document.querySelectorAll('[href], [src], [action]')]
          .map((el) => el.getAttribute('href') ?? el.getAttribute('src') ?? el.getAttribute('action'))
          .filter((v) => /^\s*(javascript|vbscript|data):/i.test(v)),
      }));
      await page.screenshot({ path: path.join(outDir, `hostile-${name}.png`), fullPage: true });
      result[name] = { ...state, titleUnchanged: state.title === expectedTitle, ...seen };
      await context.close();
    }
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(result, null, 2));
