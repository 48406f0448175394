// Makes the first frame of a pan or zoom on a big graph cheap. With `textureOnViewport`, Cytoscape moves a
// snapshot of the graph while the viewport changes, but it makes that snapshot by drawing every node again
// (at twice the resolution, without edges) and by measuring the bounding box of every element, which it
// never reads — on a 5,000-node graph about as long as a whole frame budget, at the start of every drag and
// every wheel turn. The frame already on screen is that snapshot, with its edges: this copies it instead.
// Cytoscape internals are touched only when they are all there; otherwise the stock code runs unchanged.
import type { Core } from 'cytoscape';

interface Viewport {
  zoom: number;
  pan: { x: number; y: number };
}

interface CanvasRenderer {
  render(options?: { forcedContext?: unknown }): unknown;
  textureOnViewport?: boolean;
  textureCache: unknown;
  pinching?: boolean;
  swipePanning?: boolean;
  hoverData: { dragging?: boolean };
  data: { wheelZooming?: boolean; canvases: HTMLCanvasElement[]; bufferCanvases: HTMLCanvasElement[]; bufferContexts: CanvasRenderingContext2D[] };
  NODE: number;
  DRAG: number;
  TEXTURE_BUFFER: number;
  canvasWidth: number;
  canvasHeight: number;
  __tributaryTexture?: true;
}

/** Lets the viewport snapshot of `cy`'s canvas renderer be a copy of the frame on screen. */
export function reuseFrameAsViewportTexture(cy: Core): void {
  const r = (cy as unknown as { renderer(): CanvasRenderer | undefined }).renderer();
  if (!r || r.__tributaryTexture || typeof r.render !== 'function' || !r.data?.canvases || !r.data.bufferCanvases || r.TEXTURE_BUFFER === undefined) return;
  const stock = r.render;
  // The viewport the on-screen frame was drawn with: the last one a full (non-snapshot) render saw.
  let drawnWith: Viewport | null = null;
  r.render = function (options) {
    const manipulating = !!(this.pinching || this.hoverData.dragging || this.swipePanning || this.data.wheelZooming);
    if (options?.forcedContext) return stock.call(this, options);
    if (this.textureOnViewport && manipulating && !this.textureCache && drawnWith) {
      const frame = this.data.canvases[this.NODE];
      const texture = this.data.bufferCanvases[this.TEXTURE_BUFFER];
      const context = this.data.bufferContexts[this.TEXTURE_BUFFER];
      if (frame && texture && context) {
        context.setTransform(1, 0, 0, 1, 0, 0);
        context.clearRect(0, 0, texture.width, texture.height);
        context.drawImage(frame, 0, 0, texture.width, texture.height);
        const { zoom, pan } = drawnWith;
        // The shape Cytoscape's own snapshot has (its `bb` is never read).
        this.textureCache = { texture, viewport: { zoom, pan, width: this.canvasWidth, height: this.canvasHeight, mpan: { x: -pan.x / zoom, y: -pan.y / zoom } } };
      }
    }
    const result = stock.call(this, options);
    if (!(this.textureOnViewport && manipulating)) drawnWith = { zoom: cy.zoom(), pan: { ...cy.pan() } };
    return result;
  };
  r.__tributaryTexture = true;
}
