import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  isPortInUse,
  newClusterId,
  pickFreePort,
  pickFreePorts,
  portFromEnv,
  registrySystemProperties,
  renderBrokerProperties,
  renderConnectProperties,
} from './config.ts';
import { parseJavaMajor } from './java.ts';

function props(text: string): Map<string, string> {
  return new Map(
    text
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as [string, string]),
  );
}

describe('broker config', () => {
  const p = props(renderBrokerProperties({ nodeId: 1, brokerPort: 19092, controllerPort: 19093, logDir: '/data/kafka' }));

  it('runs one combined broker and controller on loopback only', () => {
    expect(p.get('process.roles')).toBe('broker,controller');
    expect(p.get('controller.quorum.voters')).toBe('1@127.0.0.1:19093');
    expect(p.get('listeners')).toBe('PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093');
    expect(p.get('advertised.listeners')).toBe('PLAINTEXT://127.0.0.1:19092');
  });

  it('keeps every internal topic at replication factor 1 and never auto-creates topics', () => {
    for (const key of ['offsets.topic.replication.factor', 'transaction.state.log.replication.factor', 'share.coordinator.state.topic.replication.factor']) {
      expect(p.get(key), key).toBe('1');
    }
    expect(p.get('transaction.state.log.min.isr')).toBe('1');
    expect(p.get('auto.create.topics.enable')).toBe('false');
    expect(p.get('log.dirs')).toBe('/data/kafka');
  });
});

describe('Connect worker config', () => {
  const p = props(renderConnectProperties({ bootstrap: '127.0.0.1:19092', restPort: 18083, pluginPath: '/cache/connect/plugins' }));

  it('serves REST on loopback and stores its state in replication-factor-1 topics', () => {
    expect(p.get('listeners')).toBe('http://127.0.0.1:18083');
    expect(p.get('bootstrap.servers')).toBe('127.0.0.1:19092');
    expect(p.get('plugin.path')).toBe('/cache/connect/plugins');
    for (const key of ['config.storage.replication.factor', 'offset.storage.replication.factor', 'status.storage.replication.factor']) {
      expect(p.get(key), key).toBe('1');
    }
  });
});

describe('registry system properties', () => {
  it('binds both Quarkus ports to loopback and keeps storage in memory', () => {
    const p = registrySystemProperties({ httpPort: 18081, managementPort: 19000 });
    expect(p['quarkus.http.host']).toBe('127.0.0.1');
    expect(p['quarkus.http.port']).toBe('18081');
    expect(p['quarkus.management.port']).toBe('19000');
    expect(p['apicurio.datasource.url']).toMatch(/^jdbc:h2:mem:/);
  });
});

describe('cluster ids', () => {
  it('are 22 URL-safe base64 characters, like kafka-storage random-uuid', () => {
    const id = newClusterId();
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(newClusterId()).not.toBe(id);
    // An id starting with '-' reads as an option to kafka-storage format; none may be made.
    for (let i = 0; i < 2000; i++) expect(newClusterId().startsWith('-')).toBe(false);
  });
});

describe('ports', () => {
  it('picks a port that can be listened on', async () => {
    const port = await pickFreePort();
    expect(await isPortInUse(port)).toBe(false);
  });

  it('picks distinct ports when asked for several', async () => {
    const ports = await pickFreePorts(5);
    expect(new Set(ports).size).toBe(5);
  });

  it('sees a port that a server holds as in use', async () => {
    const server = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      expect(await isPortInUse(port)).toBe(true);
    } finally {
      server.close();
    }
  });

  it('reads a fixed port from the environment and explains a bad one', () => {
    expect(portFromEnv('P', {})).toBeUndefined();
    expect(portFromEnv('P', { P: '9092' })).toBe(9092);
    expect(() => portFromEnv('P', { P: 'ninety' })).toThrow(/P=ninety is not a TCP port — set it to a number from 1 to 65535, or unset it/);
    expect(() => portFromEnv('P', { P: '70000' })).toThrow(/not a TCP port/);
  });
});

describe('java version parsing', () => {
  it('reads the feature release from java -version', () => {
    expect(parseJavaMajor('openjdk version "17.0.15" 2025-04-15')).toBe(17);
    expect(parseJavaMajor('openjdk version "25" 2025-09-16')).toBe(25);
    expect(parseJavaMajor('java version "1.8.0_402"')).toBe(8);
    expect(parseJavaMajor('no java here')).toBeUndefined();
  });
});
