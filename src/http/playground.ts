// Why: municipal networks often block CDNs, and Apollo's default landing page loads Sandbox from
// one. This serves GraphiQL from our own node_modules (its UMD build with React 18), with example
// queries for the Ooievaarspas KPIs preloaded as tabs.
import express from 'express';
import path from 'node:path';
import { EXAMPLE_QUERIES } from './example-queries';

const moduleDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

export function playgroundRouter(): express.Router {
  const router = express.Router();
  const assets: Record<string, string> = {
    'react.js': path.join(moduleDir('react'), 'umd/react.production.min.js'),
    'react-dom.js': path.join(moduleDir('react-dom'), 'umd/react-dom.production.min.js'),
    'graphiql.js': path.join(moduleDir('graphiql'), 'graphiql.min.js'),
    'graphiql.css': path.join(moduleDir('graphiql'), 'graphiql.min.css'),
  };
  router.get('/playground/assets/:file', (req, res) => {
    const file = assets[req.params.file];
    if (!file) return void res.status(404).end();
    res.sendFile(file, { maxAge: '1d' });
  });
  router.get('/playground', (_req, res) => {
    res.type('html').send(page());
  });
  return router;
}

function page(): string {
  const tabs = JSON.stringify(EXAMPLE_QUERIES.map((q) => ({ query: q.query, variables: q.variables ? JSON.stringify(q.variables, null, 2) : undefined })))
    .replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="nl">
<head>
  <meta charset="utf-8">
  <title>stuurinfo · GraphQL playground</title>
  <link rel="stylesheet" href="/playground/assets/graphiql.css">
  <style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
</head>
<body>
  <div id="graphiql">Playground wordt geladen…</div>
  <script src="/playground/assets/react.js"></script>
  <script src="/playground/assets/react-dom.js"></script>
  <script src="/playground/assets/graphiql.js"></script>
  <script>
    const tabs = ${tabs};
    const fetcher = GraphiQL.createFetcher({ url: new URL('/graphql', location.href).toString() });
    const root = ReactDOM.createRoot(document.getElementById('graphiql'));
    root.render(React.createElement(GraphiQL, {
      fetcher,
      defaultTabs: tabs,
      defaultEditorToolsVisibility: true,
      shouldPersistHeaders: false,
    }));
  </script>
</body>
</html>`;
}
