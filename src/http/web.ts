// Why: the dashboard page and the widget web components are plain files in web/ (no build step),
// served by this server together with Chart.js from our own node_modules: municipal networks often
// block CDNs, and a dashboard must never depend on one. A Content-Security-Policy on the page makes
// the browser refuse anything that is not from this server.
import express from 'express';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../project-root';

/** web/ next to src/, from the sources and from the compiled build alike (src/project-root.ts). */
export function findWebDir(from = __dirname): string {
  const dir = path.join(projectRoot(from), 'web');
  if (!fs.existsSync(path.join(dir, 'index.html'))) throw new Error(`web/ (the dashboard page) not found; looked in ${dir}`);
  return dir;
}

/** chart.js's package.json exports only its entry points, so find dist/ through the CommonJS one. */
export function chartJsFile(): string {
  return path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js');
}

/** Everything the page loads comes from this server; styles may be inline (Chart.js sizes its canvas). */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

export function webRouter(): express.Router {
  const router = express.Router();
  const webDir = findWebDir();
  const indexHtml = path.join(webDir, 'index.html');
  const chartJs = chartJsFile();

  const sendPage = (_req: express.Request, res: express.Response) => {
    res.set({ 'Content-Security-Policy': PAGE_CSP, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache' });
    res.sendFile(indexHtml);
  };
  router.get('/', sendPage);
  router.get('/dashboards/:key', sendPage);

  router.get('/vendor/chart.umd.js', (_req, res) => {
    res.set('X-Content-Type-Options', 'nosniff');
    res.type('text/javascript').sendFile(chartJs, { maxAge: '1d' });
  });

  // The page's own scripts, styles and widgets. `index: false`: `/` is the page above, and a
  // directory never lists. no-cache + ETag: a new version is picked up at once, cheaply.
  router.use(express.static(webDir, {
    index: false,
    redirect: false,
    dotfiles: 'ignore',
    cacheControl: true,
    maxAge: 0,
    setHeaders: (res, file) => {
      res.setHeader('X-Content-Type-Options', 'nosniff');
      if (file.endsWith('.js') || file.endsWith('.mjs')) res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
      if (file.endsWith('.html')) res.setHeader('Content-Security-Policy', PAGE_CSP);
    },
  }));
  return router;
}
