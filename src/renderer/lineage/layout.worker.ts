// The layout worker: lays out one graph per message off the UI thread and sends the positions back
// (transferred, not copied).
import { layeredLayout } from './layered-layout.ts';

export interface LayoutRequest {
  seq: number;
  count: number;
  edges: Int32Array;
}
export interface LayoutResponse {
  seq: number;
  positions: Float64Array;
  ms: number;
}

const scope = self as unknown as { onmessage: ((event: MessageEvent<LayoutRequest>) => void) | null; postMessage(message: LayoutResponse, transfer: Transferable[]): void };
scope.onmessage = (event) => {
  const started = performance.now();
  const { seq, count, edges } = event.data;
  const positions = layeredLayout({ count, edges });
  scope.postMessage({ seq, positions, ms: performance.now() - started }, [positions.buffer]);
};
