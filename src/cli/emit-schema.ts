// Why: `npm run schema:emit` writes the SDL to schema/schema.graphql, the file front-end teams
// generate types from. test/schema.test.ts fails when the committed file is stale.
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { printApiSchema } from '../graphql/schema';
import { projectRoot } from '../project-root';

export const SCHEMA_FILE = path.join(projectRoot(), 'schema', 'schema.graphql');

printApiSchema().then((sdl) => {
  fs.mkdirSync(path.dirname(SCHEMA_FILE), { recursive: true });
  fs.writeFileSync(SCHEMA_FILE, sdl);
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
});
