// The governance report as a file to download: every product with its violations, as JSON, CSV or Markdown.
import type { SnapshotInfo } from '../contract.ts';
import type { PolicyViolation } from './policy-check.ts';

interface ReportInput {
  snapshot: SnapshotInfo | null;
  products: Array<{ productId: string; name: string; domain: string; ownerTeam: string; tier: string; status: string; errors: number; warnings: number }>;
  violations: PolicyViolation[];
}

function csvCell(v: string): string {
  // A leading = + - @ would be run as a formula by spreadsheet programs: quote it as text.
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) || safe !== v ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function mdCell(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ').replace(/([<>`*_[\]])/g, '\\$1');
}

export function formatReport(format: 'json' | 'csv' | 'markdown', profileName: string, input: ReportInput, generatedAt: string) {
  const stamp = generatedAt.slice(0, 10);
  const base = `governance-${profileName.replace(/[^A-Za-z0-9._-]+/g, '-')}-${stamp}`;
  const nameOf = new Map(input.products.map((p) => [p.productId, p.name]));
  if (format === 'json') {
    return { fileName: `${base}.json`, mimeType: 'application/json', content: `${JSON.stringify({ profile: profileName, generatedAt, snapshot: input.snapshot, products: input.products, violations: input.violations }, null, 2)}\n` };
  }
  if (format === 'csv') {
    const rows = [['product', 'name', 'rule', 'severity', 'field', 'message'], ...input.violations.map((v) => [v.productId, nameOf.get(v.productId) ?? '', v.ruleId, v.severity, v.path ?? '', v.message])];
    return { fileName: `${base}.csv`, mimeType: 'text/csv', content: `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n` };
  }
  const errors = input.violations.filter((v) => v.severity === 'error').length;
  const lines = [
    `# Governance report — ${mdCell(profileName)}`,
    '',
    `Generated ${generatedAt}${input.snapshot ? ` from the snapshot taken ${input.snapshot.takenAt}` : ' without a snapshot (topics and schemas unknown)'}. ${input.products.length} products, ${errors} errors, ${input.violations.length - errors} warnings.`,
    '',
    '| Product | Tier | Status | Errors | Warnings |',
    '| --- | --- | --- | ---: | ---: |',
    ...input.products.map((p) => `| ${mdCell(p.productId)} | ${p.tier} | ${p.status} | ${p.errors} | ${p.warnings} |`),
    '',
    '## Violations',
    '',
    ...(input.violations.length ? ['| Product | Rule | Severity | Field | Message |', '| --- | --- | --- | --- | --- |', ...input.violations.map((v) => `| ${mdCell(v.productId)} | ${v.ruleId} | ${v.severity} | ${mdCell(v.path ?? '')} | ${mdCell(v.message)} |`)] : ['None.']),
    '',
  ];
  return { fileName: `${base}.md`, mimeType: 'text/markdown', content: lines.join('\n') };
}
