// Why: the README shows what a team gets: the Ooievaarspas dashboard over realistic data. This
// script makes that picture reproducibly: an in-memory database, the demo generator with a fixed
// "now", the real server on a free port, and headless Chromium. Not part of the Jest run.
//
//   npx tsx test/browser/screenshot.ts [--months 6] [--out docs/img/dashboard-ooievaarspas.png]
//                                      [--dashboard ooievaarspas] [--width 1440]
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { openDatabase } from '../../src/db/connection';
import { loadDemoData } from '../../src/demo/load';

const CHROMIUM = '/usr/bin/chromium';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium`);
  // Just after the end of Q3 2025: the dashboard's default period (last quarter) is a whole quarter
  // of steady-state demo data.
  const now = new Date(arg('now', '2025-10-06T12:00:00+02:00'));
  const months = Number(arg('months', '6'));
  const key = arg('dashboard', 'ooievaarspas');
  const width = Number(arg('width', '1440'));
  const out = path.resolve(arg('out', `docs/img/dashboard-${key}.png`));

  const db = await openDatabase({});
  const app = await createApp({ ...loadConfig({ DEFAULT_TIMEZONE: 'Europe/Amsterdam', PLAYGROUND: 'false' }), port: 0 }, { db });
  const started = Date.now();
  const loaded = await loadDemoData(app.services.ingest, { now, months });
  console.log(`demo data: ${loaded.cases} cases, ${loaded.events} events in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const url = await app.listen();

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const page = await browser.newPage({ viewport: { width, height: 900 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam', deviceScaleFactor: 1 });
    const outside: string[] = [];
    page.on('request', (r) => { if (!r.url().startsWith(`${url}/`)) outside.push(r.url()); });
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    await page.goto(`${url}/dashboards/${key}?asOf=${encodeURIComponent(now.toISOString())}`);
    await page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout: 60000 });
    // Let Chart.js settle its layout (it draws on the next frame after a resize).
    await page.waitForTimeout(300);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    await page.screenshot({ path: out, fullPage: true });
    if (outside.length) throw new Error(`requests left the server: ${outside.join(', ')}`);
    console.log(`screenshot: ${path.relative(process.cwd(), out)}`);
  } finally {
    await browser.close();
    await app.close();
    await db.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
