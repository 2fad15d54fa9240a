// doc-page.cjs - opens report.html in headless Chromium at a 1280 px window
// and checks what a reader would see: nothing wider than the window (and no
// table that needs scrolling), no console error or failed request, unique
// ids, a table of contents that reaches every heading; keeps a screenshot.
// Usage: node doc-page.cjs FILE.html SHOT.png  (PW_MODULE: playwright-core's path)
'use strict';
const { chromium } = require(process.env.PW_MODULE || 'playwright-core');

(async () => {
  const [, , file, shot] = process.argv;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console error: ' + m.text()); });
  page.on('pageerror', (e) => problems.push('page error: ' + e));
  page.on('requestfailed', (r) => problems.push('request failed: ' + r.url()));
  await page.goto('file://' + file, { waitUntil: 'load' });
  const r = await page.evaluate(() => {
    const W = document.documentElement.clientWidth;
    const wide = [];
    for (const el of document.querySelectorAll('body *')) {
      const b = el.getBoundingClientRect();
      if (b.width === 0 && b.height === 0) continue;
      if (b.right > W + 0.5 || b.left < -0.5)
        wide.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}: ${Math.round(b.left)}..${Math.round(b.right)} px`);
    }
    const scrolling = [...document.querySelectorAll('.tw')].filter((e) => e.scrollWidth > e.clientWidth + 1)
      .map((e) => e.firstElementChild && e.firstElementChild.id);
    const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
    const dup = ids.filter((v, i) => ids.indexOf(v) !== i);
    const links = [...document.querySelectorAll('nav.toc a')].map((a) => a.getAttribute('href').slice(1));
    const heads = [...document.querySelectorAll('h2[id],h3[id]')].map((h) => h.id);
    const missing = heads.filter((h) => !links.includes(h));
    return { W, docW: document.documentElement.scrollWidth, wide, scrolling, dup, missing, text: document.body.innerText };
  });
  if (r.docW > r.W) problems.push(`the page is ${r.docW} px wide in a ${r.W} px window`);
  for (const w of r.wide.slice(0, 10)) problems.push('wider than the window: ' + w);
  for (const s of r.scrolling) problems.push('table scrolls sideways: ' + s);
  for (const d of r.dup) problems.push('duplicate id: ' + d);
  for (const m of r.missing) problems.push('heading not in the contents: ' + m);
  for (const want of (process.env.PAGE_TEXT || '').split('|').filter(Boolean))
    if (!r.text.includes(want)) problems.push('not on the page: ' + want);
  await page.screenshot({ path: shot, fullPage: true });
  await browser.close();
  for (const p of problems) console.log(p);
  console.log(problems.length ? 'page: FAILED' : `page: ok (${r.W} px, screenshot ${shot})`);
  process.exit(problems.length ? 1 : 0);
})().catch((e) => { console.log('page: ' + e); process.exit(2); });
