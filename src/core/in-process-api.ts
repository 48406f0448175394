// The Api over a direct function call: scripts, tests and benchmarks use the engine exactly as the renderer
// does, through the same validation and error values, without a socket in between.
import type { Api, Handlers, ResponseFrame } from './contract.ts';
import { createApiClient } from './client.ts';
import { dispatch } from './dispatch.ts';

export function createInProcessApi(handlers: Handlers): Api {
  let receive: (frame: ResponseFrame) => void = () => undefined;
  return createApiClient({
    send: (frame) => void dispatch(handlers, frame, (response) => receive(response)),
    onFrame: (r) => {
      receive = r;
    },
  });
}
