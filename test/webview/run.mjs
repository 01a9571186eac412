#!/usr/bin/env node
// Browser tests of the dashboard webview: the built bundle (dist/webview/dashboard.js, from
// `npx webpack --mode development --config-name webview`) in Debian's Chromium, in a page with the
// extension's own HTML and CSP (src/host/dashboard/html.ts), talking to the real DashboardController
// over the real engine (sql.js on the in-memory file system) with generated data. Screenshots go to test-results/. Closes with "N passed, N failed".
// Functions passed to page.evaluate run in the page, where these exist.
/* global window, document, requestAnimationFrame, getComputedStyle */
import { createServer } from 'node:http';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { register as registerTsxCjs } from 'tsx/cjs/api';
import { tsImport } from 'tsx/esm/api';
import { chromium } from 'playwright-core';
import { THEMES } from './themes.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const bundle = join(root, 'dist/webview/dashboard.js');
const results = join(root, 'test-results');
const executablePath = process.env.CHROMIUM_PATH || '/usr/lib/chromium/chromium';

if (!existsSync(bundle)) {
  console.error(`Missing ${bundle}: run \`npx webpack --mode development --config-name webview\` first.`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
if (!existsSync(executablePath)) {
  console.error(`Missing Chromium at ${executablePath}: apt-get install -y chromium`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
mkdirSync(results, { recursive: true });

const { dashboardHtml, createNonce } = await tsImport('../../src/host/dashboard/html.ts', import.meta.url);
const { DashboardController } = await tsImport('../../src/host/dashboard/controller.ts', import.meta.url);
// Through tsx's require hook: the engine's Node store imports `*.node` module names, which tsImport's
// namespaced loader takes for native addons.
registerTsxCjs();
const { generateSamples, sampleEngine, snapshot, fromSnapshot, SAMPLE_NOW, INJECTION_DESCRIPTION } = createRequire(import.meta.url)('../unit/dashboard/sampleEngine.ts');
const model = await tsImport('../../src/shared/dashboardModel.ts', import.meta.url);

// ---- static server: the built UI and media only, like localResourceRoots -------------------

const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.map': 'application/json' };
const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (url.pathname === '/dashboard') {
    const origin = `http://127.0.0.1:${server.address().port}`;
    const html = dashboardHtml({
      cspSource: origin,
      scriptUri: `${origin}/dist/webview/dashboard.js`,
      styleUri: `${origin}/media/dashboard.css`,
      nonce: createNonce(),
      surface: url.searchParams.get('surface') === 'view' ? 'view' : 'panel',
    });
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
    return;
  }
  if (url.pathname === '/favicon.ico') {
    // Chromium asks for it on its own; a real webview never does.
    res.writeHead(204).end();
    return;
  }
  const allowed = ['/dist/webview/', '/media/'];
  const file = normalize(join(root, decodeURIComponent(url.pathname)));
  if (!allowed.some((p) => url.pathname.startsWith(p)) || !file.startsWith(root + sep) || !existsSync(file)) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
  res.end(readFileSync(file));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'],
});

// ---- harness -------------------------------------------------------------------------------

const DATA_SIZE = 10_000;
// Seeded once through the engine's API (about 20 s); every test opens its own copy of the store.
const sharedStore = await (async () => {
  const seeded = await sampleEngine(generateSamples(DATA_SIZE, 42, SAMPLE_NOW), SAMPLE_NOW);
  const files = await snapshot(seeded);
  await seeded.engine.close();
  return files;
})();

/**
 * Opens the dashboard with a fake host. Returns the page, the engine and environment (what the
 * host was asked to do), and what went wrong in the page (errors, CSP violations, webview log).
 */
async function open({ engine: given, theme = 'dark', width = 1280, height = 900, surface = 'panel', savedState } = {}) {
  const engine = given ?? (await fromSnapshot(sharedStore, SAMPLE_NOW)).engine;
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems = [];
  const env = {
    commands: [],
    confirms: [],
    clipboard: [],
    confirmAnswer: true,
    tracking: true,
    executeCommand: async (c) => {
      env.commands.push(c);
    },
    confirm: async (message) => {
      env.confirms.push(message);
      return env.confirmAnswer;
    },
    copyToClipboard: async (text) => {
      env.clipboard.push(text);
    },
    vectorStore: undefined,
    captureState: () => ({
      tracking: env.tracking,
      retrievalMode: engine.retrievalMode,
      storeLocation: '/home/dev/.mistake-memory/mistakes.sqlite',
      vectorIndex: env.vectorStore ? 'Chroma' : 'embedded',
      ...(env.vectorStore ? { vectorStore: env.vectorStore } : {}),
    }),
  };
  const log = { warn: (m) => problems.push(`host warn: ${m}`), error: (m) => problems.push(`host error: ${m}`), info() {}, debug() {}, trace() {} };
  const state = { saved: savedState };
  const controller = new DashboardController({
    getEngine: async () => engine,
    env,
    logger: log,
    changeDelayMs: 20,
    now: () => SAMPLE_NOW,
    post: async (m) => {
      if (page.isClosed()) return false;
      await page.evaluate((msg) => window.postMessage(msg, '*'), m);
      return true;
    },
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  await page.exposeBinding('__mmToHost', (_src, msg) => void controller.handle(msg));
  await page.exposeBinding('__mmSetState', (_src, s) => {
    state.saved = s;
  });
  await page.addInitScript((saved) => {
    window.__mmSavedState = saved;
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    let acquired = false;
    window.acquireVsCodeApi = () => {
      if (acquired) throw new Error('acquireVsCodeApi called twice');
      acquired = true;
      return {
        postMessage: (m) => window.__mmToHost(JSON.parse(JSON.stringify(m))),
        getState: () => window.__mmSavedState,
        setState: (s) => {
          window.__mmSavedState = s;
          void window.__mmSetState(s);
        },
      };
    };
  }, savedState);
  await page.goto(`${base}/dashboard?surface=${surface}`);
  await setTheme(page, theme);
  await page.waitForFunction(() => document.querySelector('.card-patterns .card-value')?.textContent !== '—' || !document.querySelector('.empty')?.hidden);
  const cspViolations = () => page.evaluate(() => window.__csp);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await context.close();
    controller.dispose();
    await engine.close();
  };
  return { page, engine, env, controller, problems, state, cspViolations, close };
}

async function setTheme(page, name) {
  const t = THEMES[name];
  await page.evaluate(
    ({ vars, bodyClass, background }) => {
      const html = document.documentElement;
      for (const [k, v] of Object.entries(vars)) html.style.setProperty(k, v);
      html.style.setProperty('background', background);
      document.body.classList.remove('vscode-dark', 'vscode-light', 'vscode-high-contrast');
      document.body.classList.add(bodyClass);
      document.body.dataset.vscodeThemeKind = bodyClass;
    },
    t,
  );
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

const patternsTab = (page) => page.click('vscode-tab-header[data-tab="patterns"]');
const rowCount = (page) => page.locator('tbody tr[data-id]').count();
const pagerText = (page) => page.locator('.pager-label').textContent();
const waitIdle = (page) => page.waitForFunction(() => !document.querySelector('.patterns-table')?.hasAttribute('aria-busy'));
const cellTexts = (page, col) => page.$$eval(`tbody tr[data-id] td.col-${col}`, (tds) => tds.map((td) => td.textContent ?? ''));
async function pickFilter(page, key, value) {
  await page.evaluate(
    ({ key, value }) => {
      const s = document.querySelector(`vscode-single-select[data-filter="${key}"]`);
      s.value = value;
      s.dispatchEvent(new Event('change', { bubbles: true }));
    },
    { key, value },
  );
  await page.waitForTimeout(50);
  await waitIdle(page);
}
async function search(page, text) {
  await page.locator('vscode-textfield.search input').fill(text);
  await page.waitForTimeout(300);
  await waitIdle(page);
}
const visibleCanvasPixels = (page) =>
  page.$$eval('canvas[data-chart]', (canvases) =>
    canvases.map((c) => {
      const ctx = c.getContext('2d');
      if (!c.width || !c.height || !ctx) return { id: c.dataset.chart, painted: 0 };
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      let painted = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) painted++;
      return { id: c.dataset.chart, painted, total: c.width * c.height };
    }),
  );

function assert(cond, message) {
  if (!cond) throw new Error(message);
}
function assertEq(actual, expected, message) {
  if (actual !== expected) throw new Error(`${message}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}
async function assertClean(h) {
  const csp = await h.cspViolations();
  assertEq(csp.length, 0, `CSP violations: ${csp.join('; ')}`);
  assertEq(h.problems.length, 0, `problems: ${h.problems.join('; ')}`);
}

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

// ---- tests ---------------------------------------------------------------------------------

test('overview shows the figures the host computed, without CSP violations', async () => {
  const h = await open();
  try {
    const stats = await h.engine.stats();
    assertEq(await h.page.locator('.card-patterns .card-value').textContent(), model.formatCount(stats.patterns), 'patterns card');
    const week = model.occurrencesInLastDays(stats.occurrencesPerDay, SAMPLE_NOW, 7);
    assertEq(await h.page.locator('.card-week .card-value').textContent(), model.formatCount(week), 'this week card');
    assertEq(await h.page.locator('.card-capture .card-value').textContent(), 'On', 'capture card');
    assertEq(await h.page.locator('vscode-tab-header[data-tab="patterns"] vscode-badge').textContent(), model.formatCount(stats.patterns), 'patterns tab badge');
    assert(await h.page.locator('.empty').isHidden(), 'empty state hidden when there is data');
    await assertClean(h);
  } finally {
    await h.close();
  }
});

test('the capture card shows the Chroma connection and follows its changes', async () => {
  const h = await open();
  try {
    assertEq(await h.page.locator('.card-capture .vector-store').count(), 0, 'no Chroma line with the embedded index');
    assert((await h.page.locator('.card-capture').textContent()).includes('embedded index'), 'names the embedded index');
    h.env.vectorStore = { state: 'offline', backlog: 3, url: 'http://chroma.internal:8000', summary: 'offline — using the embedded index, 3 queued', lastError: 'ChromaConnectionError: Failed to connect' };
    h.controller.notifyChanged('settings');
    const line = h.page.locator('.card-capture .vector-store');
    await line.waitFor();
    assertEq(await line.textContent(), 'Chroma offline — using the embedded index, 3 queued · http://chroma.internal:8000', 'offline line');
    assertEq(await line.getAttribute('title'), 'Last error: ChromaConnectionError: Failed to connect', 'last error as tooltip');
    assert((await line.getAttribute('class')).includes('vector-offline'), 'state class');
    h.env.vectorStore = { state: 'connected', backlog: 0, url: 'http://chroma.internal:8000', summary: 'connected' };
    h.controller.notifyChanged('settings');
    await h.page.waitForFunction(() => document.querySelector('.card-capture .vector-store')?.textContent?.startsWith('Chroma connected'));
    assert((await h.page.locator('.card-capture').textContent()).includes('Chroma index'), 'names the Chroma index');
    await assertClean(h);
  } finally {
    await h.close();
  }
});

test('all four charts draw non-blank canvases', async () => {
  const h = await open();
  try {
    const pixels = await visibleCanvasPixels(h.page);
    assertEq(pixels.length, 4, 'chart count');
    for (const p of pixels) assert(p.painted > 200, `chart ${p.id} is blank (${p.painted} painted pixels)`);
    await assertClean(h);
  } finally {
    await h.close();
  }
});

test('charts take their colours from the theme and change with it', async () => {
  const h = await open({ theme: 'dark' });
  try {
    const colour = () => h.page.$eval('canvas[data-chart="overTime"]', (c) => {
      const ctx = c.getContext('2d');
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      // the most common opaque colour is the bars' fill
      const counts = new Map();
      for (let i = 0; i < d.length; i += 4) if (d[i + 3] === 255) {
        const k = `${d[i]},${d[i + 1]},${d[i + 2]}`;
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    });
    assertEq(await colour(), '55,148,255', 'dark theme bar colour (--vscode-charts-blue #3794ff)');
    await setTheme(h.page, 'light');
    await h.page.waitForTimeout(50);
    assertEq(await colour(), '26,133,255', 'light theme bar colour (--vscode-charts-blue #1a85ff)');
  } finally {
    await h.close();
  }
});

test('patterns table pages 10k rows through the host', async () => {
  const h = await open();
  try {
    await patternsTab(h.page);
    await waitIdle(h.page);
    const active = h.engine.countPatterns({});
    assertEq(await rowCount(h.page), 50, 'rows on the first page');
    assertEq(await pagerText(h.page), `1–50 of ${model.formatCount(active)}`, 'pager label');
    const first = await h.page.locator('tbody tr[data-id]').first().getAttribute('data-id');
    await h.page.click('vscode-button[aria-label="Next page"]');
    await waitIdle(h.page);
    assertEq(await pagerText(h.page), `51–100 of ${model.formatCount(active)}`, 'pager label on page 2');
    assert((await h.page.locator('tbody tr[data-id]').first().getAttribute('data-id')) !== first, 'page 2 shows other rows');
    await assertClean(h);
  } finally {
    await h.close();
  }
});

test('search and filters narrow the table to what the engine matches', async () => {
  const h = await open();
  try {
    await patternsTab(h.page);
    await search(h.page, '(#1234)');
    assertEq(await rowCount(h.page), 1, 'one row for a unique search');
    assert((await cellTexts(h.page, 'description'))[0].includes('(#1234)'), 'the matching row');
    await search(h.page, '');
    await pickFilter(h.page, 'severity', 'critical');
    const sev = await cellTexts(h.page, 'severity');
    assert(sev.length === 50 && sev.every((s) => s === 'critical'), `only critical rows: ${[...new Set(sev)]}`);
    await pickFilter(h.page, 'category', 'security');
    const expected = h.engine.countPatterns({ severities: ['critical'], categories: ['security'] });
    assertEq(await pagerText(h.page), `1–${Math.min(50, expected)} of ${model.formatCount(expected)}`, 'count for severity+category');
    assert((await cellTexts(h.page, 'category')).every((c) => c === 'security'), 'only security rows');
    await pickFilter(h.page, 'archived', 'archived');
    const archived = h.engine.countPatterns({ severities: ['critical'], categories: ['security'], onlyArchived: true });
    assertEq(await rowCount(h.page), Math.min(50, archived), 'archived filter');
    await h.page.click('vscode-button.reset');
    await waitIdle(h.page);
    assertEq(await pagerText(h.page), `1–50 of ${model.formatCount(h.engine.countPatterns({}))}`, 'reset filters');
    await assertClean(h);
  } finally {
    await h.close();
  }
});

test('sorting by a column, both directions, pushed down or in memory', async () => {
  const h = await open();
  try {
    await patternsTab(h.page);
    await waitIdle(h.page);
    await h.page.click('button.sort[data-sort="frequency"]');
    await waitIdle(h.page);
    const desc = (await cellTexts(h.page, 'frequency')).map((s) => Number(s.replace(/,/g, '')));
    assert(desc.every((v, i) => i === 0 || desc[i - 1] >= v), `frequency descending: ${desc.slice(0, 8)}`);
    assertEq(desc[0], Math.max(...h.engine.listPatterns({}).map((p) => p.frequency)), 'largest frequency first');
    assertEq(await h.page.getAttribute('th.col-frequency', 'aria-sort'), 'descending', 'aria-sort');
    await h.page.click('button.sort[data-sort="frequency"]');
    await waitIdle(h.page);
    const asc = (await cellTexts(h.page, 'frequency')).map(Number);
    assert(asc.every((v, i) => i === 0 || asc[i - 1] <= v), `frequency ascending: ${asc.slice(0, 8)}`);
    await h.page.click('button.sort[data-sort="description"]');
    await waitIdle(h.page);
    const names = await cellTexts(h.page, 'description');
    const sorted = [...names].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' }));
    assertEq(JSON.stringify(names), JSON.stringify(sorted), 'description A→Z (sorted by the host in memory)');
    assertEq(await h.page.getAttribute('th.col-description', 'aria-sort'), 'ascending', 'aria-sort on description');
    await assertClean(h);
  } finally {
    await h.close();
  }
});

test('detail view shows occurrences, fix and success rate; back returns to the list', async () => {
  const h = await open();
  try {
    await patternsTab(h.page);
    await search(h.page, '(#10)');
    await h.page.click('tbody tr[data-id="10"]');
    await h.page.waitForSelector('.detail h2');
    const p = h.engine.getPattern(10);
    assertEq(await h.page.locator('.detail h2').textContent(), p.description, 'title');
    assertEq(await h.page.locator('.detail .fix').textContent(), p.fixDescription, 'fix');
    assertEq(await h.page.locator('.occurrences li').count(), Math.min(3, p.frequency), 'occurrence rows');
    const rate = model.patternSuccessRate(p);
    const rateText = await h.page.locator('.stats dt:text("Success after injection") + dd').textContent();
    assertEq(rateText, model.formatPercent(rate), 'success rate');
    await h.page.click('vscode-button[data-action="back"]');
    assert(await h.page.locator('.detail').isHidden(), 'detail closed');
    assertEq(await h.page.evaluate(() => document.activeElement?.getAttribute('data-id')), '10', 'focus back on the row');
    await assertClean(h);
  } finally {
    await h.close();
  }
});

test('an injection attempt in a description, snippet, context and error renders as text', async () => {
  const h = await open();
  try {
    await patternsTab(h.page);
    await search(h.page, 'Escape HTML');
    const descs = await cellTexts(h.page, 'description');
    assertEq(descs.length, 1, 'the crafted pattern is found');
    assertEq(descs[0], INJECTION_DESCRIPTION, 'description shown literally');
    await h.page.click('tbody tr[data-id="3"]');
    await h.page.waitForSelector('.detail h2');
    await h.page.locator('.occurrences details summary').first().click();
    const found = await h.page.evaluate(() => ({
      img: document.querySelectorAll('img').length,
      svg: document.querySelectorAll('body svg').length,
      iframe: document.querySelectorAll('iframe').length,
      scripts: document.querySelectorAll('script').length,
      bold: document.querySelectorAll('.chips b').length,
      pwned: window.__pwned,
      title: document.querySelector('.detail h2')?.textContent,
      chip: document.querySelector('.chips li')?.textContent,
      code: document.querySelector('pre.code.bad')?.textContent,
      error: document.querySelector('.occ-error')?.textContent,
    }));
    assertEq(found.img, 0, 'no <img> element');
    assertEq(found.svg, 0, 'no <svg> element');
    assertEq(found.iframe, 0, 'no <iframe> element');
    assertEq(found.scripts, 1, 'only the dashboard script');
    assertEq(found.bold, 0, 'no <b> from a context');
    assertEq(found.pwned, undefined, 'no handler ran');
    assertEq(found.title, INJECTION_DESCRIPTION, 'title as text');
    assertEq(found.chip, '<b>bold</b>.ts', 'context as text');
    assert(found.code?.includes('<img src=x onerror=alert(1)>'), 'snippet as text');
    assert(found.error?.includes('<svg onload=alert(1)>'), 'error as text');
    await h.page.screenshot({ path: join(results, 'dashboard-injection-detail-dark.png') });
    await assertClean(h);
  } finally {
    await h.close();
  }
});

test('detail actions: edit, always-inject, archive, copy, delete with confirmation', async () => {
  const h = await open();
  try {
    await patternsTab(h.page);
    await search(h.page, '(#20)');
    await h.page.click('tbody tr[data-id="20"]');
    await h.page.waitForSelector('.detail h2');
    await h.page.click('vscode-button[data-action="edit"]');
    await h.page.locator('vscode-textarea.edit-description textarea').fill('  Always close file handles  ');
    await h.page.locator('vscode-textarea.edit-fix textarea').fill('Use try/finally.');
    await h.page.click('vscode-button[data-action="save"]');
    await h.page.waitForFunction(() => document.querySelector('.detail h2')?.textContent === 'Always close file handles');
    assertEq(h.engine.getPattern(20).description, 'Always close file handles', 'description saved (trimmed)');
    assertEq(h.engine.getPattern(20).fixDescription, 'Use try/finally.', 'fix saved');

    await h.page.click('vscode-checkbox[data-action="alwaysInject"]');
    await h.page.waitForFunction(() => document.querySelector('.toast')?.textContent === 'Will always be injected.');
    assertEq(h.engine.getPattern(20).alwaysInject, true, 'always inject set');

    await h.page.click('vscode-button[data-action="copy"]');
    await h.page.waitForFunction(() => document.querySelector('.toast')?.textContent?.startsWith('Instruction copied'));
    // The real engine words the instruction from the fix when there is one.
    assert(h.env.clipboard[0]?.includes('Use try/finally'), 'clipboard has the instruction');
    assertEq(h.env.clipboard[0], h.engine.buildInjection([h.engine.getPattern(20)], { maxPatterns: 1 }).text, 'the engine\'s injection text');

    await h.page.click('vscode-button[data-action="archive"]');
    await h.page.waitForFunction(() => document.querySelector('.toast')?.textContent === 'Pattern archived.');
    assertEq(h.engine.getPattern(20).archived, true, 'archived');

    h.env.confirmAnswer = false;
    await h.page.click('vscode-button[data-action="delete"]');
    await h.page.waitForTimeout(100);
    assertEq(h.env.confirms.length, 1, 'asked to confirm');
    assert(h.engine.getPattern(20), 'declined: still there');
    h.env.confirmAnswer = true;
    await h.page.click('vscode-button[data-action="delete"]');
    await h.page.waitForFunction(() => document.querySelector('.detail')?.hidden === true);
    assertEq(h.engine.getPattern(20), undefined, 'deleted after confirming');
    await assertClean(h);
  } finally {
    await h.close();
  }
});

test('an empty description is refused by the host and the editor stays open', async () => {
  const h = await open();
  try {
    await patternsTab(h.page);
    await search(h.page, '(#21)');
    await h.page.click('tbody tr[data-id="21"]');
    await h.page.waitForSelector('.detail h2');
    await h.page.click('vscode-button[data-action="edit"]');
    await h.page.locator('vscode-textarea.edit-description textarea').fill('   ');
    await h.page.click('vscode-button[data-action="save"]');
    await h.page.waitForFunction(() => document.querySelector('.toast.error')?.textContent === 'The description cannot be empty.');
    assert(h.engine.getPattern(21).description.includes('(#21)'), 'unchanged');
    assertEq(await h.page.locator('vscode-textarea.edit-description').count(), 1, 'editor still open');
  } finally {
    await h.close();
  }
});

test('toolbar buttons run the extension commands', async () => {
  const h = await open();
  try {
    for (const c of ['recordMistake', 'runTestsAndLearn', 'exportData', 'importData', 'clearAllData', 'toggleTracking', 'chooseCategories']) {
      await h.page.click(`.actions vscode-button[data-command="${c}"]`);
    }
    await h.page.waitForTimeout(100);
    assertEq(
      h.env.commands.join(','),
      'mistakes.recordMistake,mistakes.runTestsAndLearn,mistakes.exportData,mistakes.importData,mistakes.clearAllData,mistakes.toggleTracking,mistakes.chooseCategories',
      'commands run',
    );
  } finally {
    await h.close();
  }
});

test('the review tab offers the second-opinion setting and runs its command', async () => {
  const h = await open({ width: 320, height: 900, surface: 'view' });
  try {
    await h.page.click('vscode-tab-header[data-tab="review"]');
    const hint = h.page.locator('.review-opinion');
    await hint.waitFor({ state: 'visible' });
    assertEq((await hint.textContent()).includes('Chat: Confirm With Model'), true, 'the hint names the setting');
    await h.page.click('.review-opinion vscode-button[data-command="configureSecondOpinion"]');
    await h.page.waitForTimeout(100);
    assertEq(h.env.commands.join(','), 'mistakes.configureSecondOpinion', 'command run');
    await h.page.screenshot({ path: join(results, 'sidebar-review-dark.png'), fullPage: true });
    await assertClean(h);
  } finally {
    await h.close();
  }
});

test('live update: a newly recorded mistake appears without a reload', async () => {
  const h = await open();
  try {
    await patternsTab(h.page);
    await waitIdle(h.page);
    const before = (await h.engine.stats()).patterns;
    const template = h.engine.getPattern(1);
    const recorded = await h.engine.record({
      description: 'Freshly recorded: check for null before use',
      category: template.category,
      severity: template.severity,
      source: template.source,
      model: template.modelName,
      errorType: 'TypeError',
      errorMessage: 'Cannot read properties of null (reading name)',
      timestamp: SAMPLE_NOW + 1000,
    });
    assert(recorded.stored && recorded.created, 'recorded as a new pattern');
    await h.page.waitForFunction((n) => document.querySelector('.card-patterns .card-value')?.textContent === n, model.formatCount(before + 1));
    await h.page.waitForFunction(() => document.querySelector('tbody tr[data-id] td.col-description')?.textContent === 'Freshly recorded: check for null before use');
    await assertClean(h);
  } finally {
    await h.close();
  }
});

test('keyboard: arrows move between rows, Enter opens the detail', async () => {
  const h = await open();
  try {
    await patternsTab(h.page);
    await waitIdle(h.page);
    await h.page.locator('tbody tr[data-id]').first().focus();
    await h.page.keyboard.press('ArrowDown');
    await h.page.keyboard.press('ArrowDown');
    const id = await h.page.evaluate(() => document.activeElement?.getAttribute('data-id'));
    const third = await h.page.locator('tbody tr[data-id]').nth(2).getAttribute('data-id');
    assertEq(id, third, 'focus on the third row');
    await h.page.keyboard.press('Enter');
    await h.page.waitForSelector('.detail h2');
    assertEq(await h.page.evaluate(() => document.activeElement?.tagName), 'H2', 'focus moved to the detail title');
  } finally {
    await h.close();
  }
});

test('UI state (tab, filters, sort) survives a reload through setState', async () => {
  const h = await open();
  try {
    await patternsTab(h.page);
    await search(h.page, 'timers');
    await h.page.click('button.sort[data-sort="model"]');
    await waitIdle(h.page);
    const saved = h.state.saved;
    assertEq(saved?.filters?.text, 'timers', 'search saved');
    assertEq(saved?.sort?.key, 'model', 'sort saved');
    assert(!JSON.stringify(saved).includes('description'), 'no data in the saved state');
    await h.close();
    const again = await open({ savedState: saved });
    try {
      await waitIdle(again.page);
      assertEq(await again.page.locator('vscode-textfield.search').evaluate((e) => e.value), 'timers', 'search restored');
      assertEq(await again.page.getAttribute('th.col-model', 'aria-sort'), 'ascending', 'sort restored');
      assert(await again.page.locator('.patterns-table').isVisible(), 'patterns tab restored');
    } finally {
      await again.close();
    }
  } catch (e) {
    await h.close().catch(() => undefined);
    throw e;
  }
});

test('empty state explains capture and offers to record or run tests', async () => {
  const h = await open({ engine: (await sampleEngine([], SAMPLE_NOW)).engine });
  try {
    assert(await h.page.locator('.empty').isVisible(), 'empty state visible');
    assert(await h.page.locator('.overview-body').isHidden(), 'no cards or charts');
    assert((await h.page.locator('.empty').textContent()).includes('Failing tests'), 'explains sources');
    await h.page.click('.empty vscode-button[data-command="recordMistake"]');
    await h.page.click('.empty vscode-button[data-command="runTestsAndLearn"]');
    await h.page.waitForTimeout(50);
    assertEq(h.env.commands.join(','), 'mistakes.recordMistake,mistakes.runTestsAndLearn', 'buttons run commands');
    await h.page.screenshot({ path: join(results, 'dashboard-empty-dark.png') });
    await setTheme(h.page, 'light');
    await h.page.screenshot({ path: join(results, 'dashboard-empty-light.png') });
    await assertClean(h);
  } finally {
    await h.close();
  }
});

test('no layout shift while data and charts arrive', async () => {
  const h = await open();
  try {
    // Layout shifts recorded since navigation (buffered), ignoring those caused by input.
    const cls = await h.page.evaluate(
      () =>
        new Promise((r) => {
          let sum = 0;
          new PerformanceObserver((list) => {
            for (const e of list.getEntries()) if (!e.hadRecentInput) sum += e.value;
          }).observe({ type: 'layout-shift', buffered: true });
          setTimeout(() => r(sum), 300);
        }),
    );
    assert(cls < 0.05, `cumulative layout shift ${cls.toFixed(3)}`);
  } finally {
    await h.close();
  }
});

test('sidebar width: the table keeps description, severity and frequency', async () => {
  const h = await open({ width: 320, height: 900, surface: 'view' });
  try {
    assert(await h.page.locator('.actions vscode-button[data-command="exportData"]').isHidden(), 'export folded away in the sidebar');
    await h.page.click('.more-actions summary');
    assert(await h.page.locator('.actions vscode-button[data-command="exportData"]').isVisible(), 'export shown after opening More actions');
    await h.page.click('.actions vscode-button[data-command="exportData"]');
    await h.page.waitForTimeout(50);
    assertEq(h.env.commands.join(','), 'mistakes.exportData', 'folded action runs');
    await h.page.screenshot({ path: join(results, 'sidebar-overview-dark.png'), fullPage: true });
    await patternsTab(h.page);
    await waitIdle(h.page);
    assert(await h.page.locator('th.col-description').isVisible(), 'description visible');
    assert(await h.page.locator('th.col-frequency').isVisible(), 'frequency visible');
    assert(await h.page.locator('th.col-model').isHidden(), 'model hidden when narrow');
    const overflow = await h.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert(overflow <= 0, `no horizontal scroll (overflow ${overflow}px)`);
    await h.page.screenshot({ path: join(results, 'sidebar-patterns-dark.png') });
    await h.page.locator('tbody tr[data-id]').first().click();
    await h.page.waitForSelector('.detail h2');
    assert(await h.page.locator('.list').isHidden(), 'detail replaces the list when narrow');
    await h.page.screenshot({ path: join(results, 'sidebar-detail-dark.png'), fullPage: true });
    await assertClean(h);
  } finally {
    await h.close();
  }
});

test('screenshots in light, dark and high-contrast themes', async () => {
  for (const theme of ['light', 'dark', 'high-contrast']) {
    const h = await open({ theme });
    try {
      await h.page.waitForTimeout(50);
      await h.page.screenshot({ path: join(results, `dashboard-overview-${theme}.png`), fullPage: true });
      await patternsTab(h.page);
      await waitIdle(h.page);
      await h.page.screenshot({ path: join(results, `dashboard-patterns-${theme}.png`) });
      await h.page.locator('tbody tr[data-id]').nth(1).click();
      await h.page.waitForSelector('.detail h2');
      await h.page.screenshot({ path: join(results, `dashboard-detail-${theme}.png`) });
      const bg = await h.page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
      assert(bg !== 'rgba(0, 0, 0, 0)', `${theme}: themed background`);
      await assertClean(h);
    } finally {
      await h.close();
    }
  }
});

// ---- run -----------------------------------------------------------------------------------

let passed = 0;
let failed = 0;
const only = process.argv.slice(2).join(' ');
try {
  for (const t of tests) {
    if (only && !t.name.includes(only)) continue;
    try {
      await t.fn();
      passed++;
      console.log(`  ✓ ${t.name}`);
    } catch (e) {
      failed++;
      console.log(`  ✗ ${t.name}\n      ${String(e?.stack ?? e).split('\n').slice(0, 4).join('\n      ')}`);
    }
  }
} finally {
  await browser.close();
  server.close();
}
console.log(`\nScreenshots: ${results}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
