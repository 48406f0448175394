// Starts the local mesh once for the integration test run and hands its endpoints to every test file
// (`inject('mesh')`). KAFKA_BOOTSTRAP, SCHEMA_REGISTRY_URL and CONNECT_URL point the run at existing services.
import type { TestProject } from 'vitest/node';
import { startMesh, type MeshEndpoints } from './harness.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    mesh: MeshEndpoints;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const log = (line: string) => console.log(`[mesh] ${line}`);
  // Without a registry the Kafka and Connect tests still run; registry tests skip, naming the reason.
  const mesh = await startMesh({ log, registry: 'optional', dataDir: process.env.TRIBUTARY_MESH_DATA_DIR || undefined });
  const endpoints: MeshEndpoints = {
    bootstrap: mesh.bootstrap,
    registryUrl: mesh.registryUrl,
    connectUrl: mesh.connectUrl,
    ...(mesh.registryUnavailable ? { registryUnavailable: mesh.registryUnavailable } : {}),
  };
  project.provide('mesh', endpoints);
  log(`bootstrap ${endpoints.bootstrap}, registry ${endpoints.registryUrl || '(none)'}, connect ${endpoints.connectUrl}`);
  return async () => {
    await mesh.stop();
  };
}
