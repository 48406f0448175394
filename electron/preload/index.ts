// The preload exposes one thing: a frame transport to the engine. The renderer builds its typed Api on top
// (src/core/client.ts), exactly as it does over the web host's WebSocket. Frames are plain objects, so
// named errors survive the context bridge intact.
import { contextBridge, ipcRenderer } from 'electron';

contextBridge.exposeInMainWorld('tributaryIpc', {
  send: (frame: unknown) => ipcRenderer.send('tributary:call', frame),
  onFrame: (receive: (frame: unknown) => void) => {
    ipcRenderer.removeAllListeners('tributary:frame');
    ipcRenderer.on('tributary:frame', (_event, frame: unknown) => receive(frame));
  },
});
