// The one connection to GET /api/v1/events, shared by every page that wants live updates. The browser's
// EventSource reconnects on its own; listeners are told what changed and decide what to reload.
import { onScopeDispose } from 'vue';
import { API_BASE } from '../api/client';

export type LiveEvent =
  | { type: 'deployment'; id: string; projectId: string; environmentId: string; status: string; name: string; at: string }
  | { type: 'progress'; deploymentId: string; projectId: string; environmentId: string; stepId?: string; phase: string; status: string; message?: string; at: string }
  | { type: 'node'; id: string; environmentId: string; status: string; at: string };

type Listener = (event: LiveEvent) => void;
const listeners = new Set<Listener>();
let source: EventSource | undefined;

function connect() {
  if (source) return;
  source = new EventSource(`${API_BASE}/events`, { withCredentials: true });
  for (const type of ['deployment', 'progress', 'node'] as const) {
    source.addEventListener(type, (message) => {
      let event: LiveEvent;
      try {
        event = JSON.parse((message as MessageEvent<string>).data) as LiveEvent;
      } catch {
        return;
      }
      for (const listener of listeners) listener(event);
    });
  }
}

/** Calls `listener` for each live event while the calling component lives. */
export function useLiveEvents(listener: Listener): void {
  listeners.add(listener);
  connect();
  onScopeDispose(() => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      source?.close();
      source = undefined;
    }
  });
}
