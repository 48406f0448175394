// Reads the cluster's ACLs for a snapshot, as plain names rather than kafkajs's protocol numbers. A cluster
// without an authorizer answers SECURITY_DISABLED and a principal without Describe on the cluster is refused:
// both are facts to record, never a reason to fail the sync.
import kafkajs from 'kafkajs';
import type { KafkaAdmin } from '../cluster/kafka-client.ts';

const { AclResourceTypes, AclOperationTypes, AclPermissionTypes, ResourcePatternTypes } = kafkajs;

export type AclResourceKind = 'topic' | 'group' | 'cluster' | 'transactional-id' | 'delegation-token' | 'unknown';
export type AclOperation = 'ALL' | 'READ' | 'WRITE' | 'CREATE' | 'DELETE' | 'ALTER' | 'DESCRIBE' | 'CLUSTER_ACTION' | 'DESCRIBE_CONFIGS' | 'ALTER_CONFIGS' | 'IDEMPOTENT_WRITE' | 'UNKNOWN';

export interface AclEntryReading {
  resourceType: AclResourceKind;
  /** The topic, group … name, or its prefix when `pattern` is prefixed; a literal "*" is every resource. */
  resourceName: string;
  pattern: 'literal' | 'prefixed' | 'unknown';
  /** As Kafka writes it, e.g. "User:alice". */
  principal: string;
  host: string;
  operation: AclOperation;
  permission: 'ALLOW' | 'DENY' | 'UNKNOWN';
}

export interface AclReading {
  /** read: entries are every ACL; no-authorizer: nobody is checked; not-allowed / failed: entries are unknown. */
  state: 'read' | 'no-authorizer' | 'not-allowed' | 'failed';
  detail: string;
  entries: AclEntryReading[];
}

const RESOURCE: Record<number, AclResourceKind> = { 2: 'topic', 3: 'group', 4: 'cluster', 5: 'transactional-id', 6: 'delegation-token' };
const OPERATION: Record<number, AclOperation> = { 2: 'ALL', 3: 'READ', 4: 'WRITE', 5: 'CREATE', 6: 'DELETE', 7: 'ALTER', 8: 'DESCRIBE', 9: 'CLUSTER_ACTION', 10: 'DESCRIBE_CONFIGS', 11: 'ALTER_CONFIGS', 12: 'IDEMPOTENT_WRITE' };
const PATTERN: Record<number, AclEntryReading['pattern']> = { 3: 'literal', 4: 'prefixed' };
const PERMISSION: Record<number, AclEntryReading['permission']> = { 2: 'DENY', 3: 'ALLOW' };

const errorText = (error: unknown) => `${(error as { type?: string }).type ?? ''} ${error instanceof Error ? error.message : String(error)}`;

export async function readAcls(admin: Pick<KafkaAdmin, 'describeAcls'>, bootstrap: string): Promise<AclReading> {
  try {
    const answer = await admin.describeAcls({ resourceType: AclResourceTypes.ANY, resourcePatternType: ResourcePatternTypes.ANY, operation: AclOperationTypes.ANY, permissionType: AclPermissionTypes.ANY });
    const entries = answer.resources.flatMap((r) =>
      r.acls.map((a) => ({
        resourceType: RESOURCE[r.resourceType] ?? 'unknown',
        resourceName: r.resourceName,
        pattern: PATTERN[r.resourcePatternType] ?? 'unknown',
        principal: a.principal,
        host: a.host,
        operation: OPERATION[a.operation] ?? 'UNKNOWN',
        permission: PERMISSION[a.permissionType] ?? 'UNKNOWN',
      })),
    );
    return { state: 'read', detail: `${entries.length} ACL${entries.length === 1 ? '' : 's'} read`, entries };
  } catch (error) {
    const text = errorText(error);
    if (/SECURITY_DISABLED|No Authorizer is configured/i.test(text)) {
      return { state: 'no-authorizer', detail: `the cluster at ${bootstrap} has no authorizer: every principal may read and write every topic, so ACLs name no producers or consumers`, entries: [] };
    }
    if (/CLUSTER_AUTHORIZATION_FAILED|not authorized/i.test(text)) {
      return { state: 'not-allowed', detail: `this connection's principal may not describe ACLs on ${bootstrap} (it needs Describe on the cluster); producers and consumers by principal are not shown`, entries: [] };
    }
    return { state: 'failed', detail: `reading ACLs from ${bootstrap} failed: ${text.trim()}; producers and consumers by principal are not shown`, entries: [] };
  }
}
