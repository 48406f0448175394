// Consumer groups as sync sees them: state, members (client id, host, assigned partitions) and committed
// offsets per partition, with lag computed against the latest offsets read in the same sync.
import kafkajs from 'kafkajs';
import type { KafkaAdmin } from '../cluster/kafka-client.ts';

export interface GroupReading {
  groupId: string;
  protocolType: string;
  state: string;
  members: Array<{ memberId: string; clientId: string; clientHost: string; assignment: Array<{ topic: string; partitions: number[] }> }>;
  offsets: Array<{ topic: string; partition: number; committed: string; lag: number | null }>;
}

function decodeAssignment(buffer: Buffer): Array<{ topic: string; partitions: number[] }> {
  try {
    const decoded = kafkajs.AssignerProtocol.MemberAssignment.decode(buffer);
    return Object.entries(decoded?.assignment ?? {}).map(([topic, partitions]) => ({ topic, partitions: [...partitions].sort((a, b) => a - b) }));
  } catch {
    return []; // not a consumer-protocol assignment (e.g. Connect's own groups)
  }
}

/** Every group with its members and committed offsets; lag is left null for applyLag once the end offsets are read. */
export async function readGroups(admin: KafkaAdmin, onProgress: (done: number, total: number) => void, checkCancelled: () => void): Promise<GroupReading[]> {
  const listed = new Map((await admin.listGroups()).groups.map((g) => [g.groupId, g.protocolType]));
  const ids = [...listed.keys()].sort();
  const readings: GroupReading[] = [];
  const BATCH = 50;
  for (let i = 0; i < ids.length; i += BATCH) {
    const batch = ids.slice(i, i + BATCH);
    const described = (await admin.describeGroups(batch)).groups;
    // One OffsetFetch per group, all of a batch at once: asked one after another they were most of a large sync.
    const committed = await Promise.all(described.map((g) => admin.fetchOffsets({ groupId: g.groupId })));
    described.forEach((g, j) => {
      const offsets = committed[j]!.flatMap((t) => t.partitions.filter((p) => p.offset !== '-1').map((p) => ({ topic: t.topic, partition: p.partition, committed: p.offset, lag: null as number | null })));
      readings.push({
        groupId: g.groupId,
        protocolType: g.protocolType || listed.get(g.groupId) || '',
        state: g.state,
        members: g.members.map((m) => ({ memberId: m.memberId, clientId: m.clientId, clientHost: m.clientHost, assignment: decodeAssignment(m.memberAssignment) })),
        offsets: offsets.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition),
      });
    });
    onProgress(Math.min(i + BATCH, ids.length), ids.length);
    checkCancelled();
  }
  return readings;
}

/** Each committed offset's lag behind its partition's end offset (null where the end is unknown). */
export function applyLag(groups: GroupReading[], latestOffsets: (topic: string, partition: number) => string | undefined): void {
  for (const g of groups) {
    for (const o of g.offsets) {
      const latest = latestOffsets(o.topic, o.partition);
      o.lag = latest === undefined ? null : Math.max(0, Number(BigInt(latest) - BigInt(o.committed)));
    }
  }
}
