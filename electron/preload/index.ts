// The preload exposes one thing: a frame transport to the engine. The renderer builds its typed Api on top
// (src/core/client.ts), exactly as it does over the web host's WebSocket. Frames are plain objects, so
// named errors survive the context bridge intact. The Go menu's page changes arrive here too; the preload
// only ever sets the hash route of a known page, so main cannot be made to navigate the page anywhere else.
import { contextBridge, ipcRenderer } from 'electron';
import { isDesktopPage } from '../main/app-pages.ts';

contextBridge.exposeInMainWorld('tributaryIpc', {
  send: (frame: unknown) => ipcRenderer.send('tributary:call', frame),
  onFrame: (receive: (frame: unknown) => void) => {
    ipcRenderer.removeAllListeners('tributary:frame');
    ipcRenderer.on('tributary:frame', (_event, frame: unknown) => receive(frame));
  },
});

ipcRenderer.on('tributary:go', (_event, page: unknown) => {
  if (isDesktopPage(page)) window.location.hash = `#/${page}`;
});
