// Runs the benchmarks and prints their figures. `--smoke` runs tiny sizes (CI only checks they still run).
import { run as snapshotWrite } from './snapshot-write.bench.ts';

const smoke = process.argv.includes('--smoke');
console.log(`Tributary benchmarks (${smoke ? 'smoke run, figures meaningless' : 'full run'}) on Node ${process.versions.node}`);
console.log('\nsnapshot write + Topics filter vs one JSON file (25 configs, 6 partitions per topic)');
console.table(snapshotWrite(smoke ? [50] : [1_000, 10_000, 30_000]));
