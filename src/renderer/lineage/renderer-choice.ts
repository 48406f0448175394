// Which Cytoscape renderer draws the graph. WebGL only pays off on a real GPU: under a software rasteriser
// (SwiftShader, llvmpipe) it is slower than the 2D canvas, so "auto" picks WebGL only when the GPU is
// hardware. The user's override (auto / canvas / webgl) is remembered.

export type RendererPreference = 'auto' | 'canvas' | 'webgl';
export type RendererName = 'canvas' | 'webgl';

export interface GpuInfo {
  webgl: boolean;
  /** The unmasked renderer string when the browser gives it, else the masked one, else ''. */
  renderer: string;
  software: boolean;
}

const PREFERENCE_KEY = 'tributary.lineage.renderer';
const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|basic render|microsoft basic|mesa offscreen/i;

export const isSoftwareRenderer = (renderer: string) => SOFTWARE.test(renderer);

let probed: GpuInfo | null = null;

export function probeGpu(): GpuInfo {
  if (probed) return probed;
  let info: GpuInfo = { webgl: false, renderer: '', software: true };
  try {
    const canvas = document.createElement('canvas');
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
    if (gl) {
      const debug = gl.getExtension('WEBGL_debug_renderer_info');
      const renderer = String(debug ? gl.getParameter(debug.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
      info = { webgl: true, renderer, software: isSoftwareRenderer(renderer) };
      gl.getExtension('WEBGL_lose_context')?.loseContext();
    }
  } catch {
    // no WebGL at all: the canvas renderer it is
  }
  probed = info;
  return info;
}

export function pickRenderer(preference: RendererPreference, gpu: GpuInfo): RendererName {
  if (!gpu.webgl) return 'canvas';
  if (preference === 'auto') return gpu.software ? 'canvas' : 'webgl';
  return preference;
}

export function storedPreference(): RendererPreference {
  const value = localStorage.getItem(PREFERENCE_KEY);
  return value === 'canvas' || value === 'webgl' ? value : 'auto';
}

export function storePreference(preference: RendererPreference): void {
  if (preference === 'auto') localStorage.removeItem(PREFERENCE_KEY);
  else localStorage.setItem(PREFERENCE_KEY, preference);
}
