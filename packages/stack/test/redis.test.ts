import { access } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { redisCli, startRedisCluster, startRedisServer } from '../src/index.js';

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

describe('startRedisServer', () => {
  it('keeps its data across stop and restart (AOF), and close() removes its temp dir', async () => {
    const server = await startRedisServer();
    try {
      expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
      expect((await redisCli(server.port, ['config', 'get', 'appendfsync'])).split('\n')[1]).toBe('everysec');
      await redisCli(server.port, ['set', 'kept', 'yes']);
      const first = server.pid();
      await server.stop();
      await expect(redisCli(server.port, ['ping'], 2000)).rejects.toThrow();
      await server.restart();
      expect(server.pid()).not.toBe(first);
      expect((await redisCli(server.port, ['get', 'kept'])).trim()).toBe('yes');
    } finally {
      await server.close();
    }
    expect(await exists(server.dir)).toBe(false);
  });

  it('closes a paused server', async () => {
    const server = await startRedisServer();
    server.pause();
    await server.close();
    expect(await exists(server.dir)).toBe(false);
  });
});

describe('startRedisCluster', () => {
  it('joins three primaries that cover every slot', async () => {
    const cluster = await startRedisCluster({ primaries: 3 });
    try {
      expect(cluster.addresses).toHaveLength(3);
      const info = await redisCli(cluster.nodes[2]!.port, ['cluster', 'info']);
      expect(info).toContain('cluster_state:ok');
      expect(info).toContain('cluster_slots_assigned:16384');
      expect(info).toContain('cluster_known_nodes:3');
    } finally {
      await cluster.close();
    }
  });
});
