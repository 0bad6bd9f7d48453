// Times as people read them: "in 3 h 12 min", "5 min ago", and a clock that ticks once a second
// for countdowns (one timer for the whole app).
import { onScopeDispose, ref } from 'vue';

const now = ref(Date.now());
let users = 0;
let timer: ReturnType<typeof setInterval> | undefined;

/** The current time, updated every second while some component uses it. */
export function useNow() {
  users++;
  if (!timer) timer = setInterval(() => (now.value = Date.now()), 1000);
  onScopeDispose(() => {
    users--;
    if (users === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  });
  return now;
}

export function formatSpan(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** "expires in 3 h 12 min" / "expired" for a deadline. */
export function untilText(deadline: string, nowMs: number): string {
  const left = Date.parse(deadline) - nowMs;
  return left <= 0 ? 'expired' : `in ${formatSpan(left)}`;
}

export function agoText(at: string, nowMs: number): string {
  const span = nowMs - Date.parse(at);
  return span < 5000 ? 'just now' : `${formatSpan(span)} ago`;
}

export function clockTime(at: string): string {
  return new Date(at).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}
