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

export async function readGroups(
  admin: KafkaAdmin,
  latestOffsets: (topic: string, partition: number) => string | undefined,
  onProgress: (done: number, total: number) => void,
  checkCancelled: () => void,
): Promise<GroupReading[]> {
  const listed = (await admin.listGroups()).groups;
  const ids = listed.map((g) => g.groupId).sort();
  const readings: GroupReading[] = [];
  const BATCH = 50;
  for (let i = 0; i < ids.length; i += BATCH) {
    const batch = ids.slice(i, i + BATCH);
    const described = (await admin.describeGroups(batch)).groups;
    for (const g of described) {
      const committed = await admin.fetchOffsets({ groupId: g.groupId });
      const offsets = committed.flatMap((t) =>
        t.partitions
          .filter((p) => p.offset !== '-1')
          .map((p) => {
            const latest = latestOffsets(t.topic, p.partition);
            return { topic: t.topic, partition: p.partition, committed: p.offset, lag: latest === undefined ? null : Math.max(0, Number(BigInt(latest) - BigInt(p.offset))) };
          }),
      );
      readings.push({
        groupId: g.groupId,
        protocolType: g.protocolType || listed.find((l) => l.groupId === g.groupId)?.protocolType || '',
        state: g.state,
        members: g.members.map((m) => ({ memberId: m.memberId, clientId: m.clientId, clientHost: m.clientHost, assignment: decodeAssignment(m.memberAssignment) })),
        offsets: offsets.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition),
      });
    }
    onProgress(Math.min(i + BATCH, ids.length), ids.length);
    checkCancelled();
  }
  return readings;
}
