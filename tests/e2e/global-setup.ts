import type {TestProject} from 'vitest/node';
import {startAppServer} from './preview-server';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const port = Number(process.env.E2E_PORT ?? 4179);
  const server = await startAppServer(port);
  project.provide('baseUrl', server.url);
  return server.stop;
}
