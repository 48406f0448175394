// Gives the renderer its Api object. In the desktop app the preload exposes an IPC frame transport as
// window.tributaryIpc; in a browser the web host serves the same frames over a WebSocket, authorised by the
// HttpOnly cookie the host set when the printed ?token= URL was opened (page scripts never see the token).
// Either way the pages get the same typed Api and cannot tell which face serves them.
import type { Api, RequestFrame, ResponseFrame } from '../core/contract.ts';
import { createApiClient, type FrameTransport } from '../core/client.ts';

declare global {
  interface Window {
    tributaryIpc?: { send(frame: RequestFrame): void; onFrame(receive: (frame: ResponseFrame) => void): void };
  }
}

function webSocketTransport(): FrameTransport {
  const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api`);
  const queue: string[] = [];
  let receive: (frame: ResponseFrame) => void = () => undefined;
  let closed: (reason: string) => void = () => undefined;
  socket.addEventListener('open', () => {
    for (const frame of queue.splice(0)) socket.send(frame);
  });
  socket.addEventListener('message', (event) => receive(JSON.parse(String(event.data)) as ResponseFrame));
  socket.addEventListener('close', (event) =>
    closed(event.code === 4401 ? 'The web host refused this page\'s token — open the URL the host printed (with its ?token=…) again' : 'The connection to the Tributary web host closed — is `npm run web` still running? Reload after restarting it'),
  );
  return {
    send(frame) {
      if (socket.readyState === WebSocket.CLOSED || socket.readyState === WebSocket.CLOSING) throw new Error('the web host connection is closed');
      const text = JSON.stringify(frame);
      if (socket.readyState === WebSocket.OPEN) socket.send(text);
      else queue.push(text);
    },
    onFrame(r) {
      receive = r;
    },
    onClose(c) {
      closed = c;
    },
  };
}

export const api: Api = createApiClient(window.tributaryIpc ?? webSocketTransport());
