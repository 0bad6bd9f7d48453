// Parses and builds protocol frames: one function that turns raw text into a checked frame or a
// BAD_MESSAGE error, used by the agent and the hub alike.
import { checkContract } from './validate.js';
import { Frame, MESSAGES, PROTOCOL_VERSION, type FrameOf, type FrameUnion, type MessageType, type PayloadOf, type ReplyOf, type SentBy } from './protocol.js';

export type ParsedFrame<Side extends 'agent' | 'cp' = 'agent' | 'cp'> =
  | { ok: true; frame: FrameUnion<SentBy<Side>> }
  | { ok: false; id?: string; message: string };

export function parseFrame<Side extends 'agent' | 'cp'>(text: string, acceptFrom: Side): ParsedFrame<Side> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, message: 'frame is not valid JSON' };
  }
  const envelope = checkContract(Frame, raw);
  const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : undefined;
  if (!envelope.ok) return { ok: false, id, message: `bad envelope: ${envelope.errors.map((e) => `${e.path} ${e.message}`).join('; ')}` };
  const frame = envelope.value;
  const spec = (MESSAGES as Record<string, (typeof MESSAGES)[MessageType]>)[frame.type];
  if (!spec) return { ok: false, id, message: `unknown message type "${frame.type}"` };
  if (spec.from !== 'both' && spec.from !== acceptFrom) return { ok: false, id, message: `"${frame.type}" is not sent by the ${acceptFrom === 'cp' ? 'control plane' : 'agent'}` };
  if (spec.kind === 'request' && !frame.id) return { ok: false, message: `request "${frame.type}" needs an id` };
  const payload = checkContract(spec.payload, frame.payload);
  if (!payload.ok) return { ok: false, id, message: `bad ${frame.type} payload: ${payload.errors.map((e) => `${e.path} ${e.message}`).join('; ')}` };
  // Checked against its type's payload schema and sender just above: the one place a frame becomes the union.
  return { ok: true, frame: frame as FrameUnion<SentBy<Side>> };
}

export function frame<T extends MessageType>(type: T, payload: PayloadOf<T>, extra: { id?: string; eventSeq?: number } = {}): FrameOf<T> {
  return { v: PROTOCOL_VERSION, type, ...extra, payload } as FrameOf<T>;
}

/** Checks an ack's payload against the request type's declared `reply`; requests that declare none accept any ack. */
export function checkReply<T extends MessageType>(type: T, payload: unknown): { ok: true; value: ReplyOf<T> } | { ok: false; message: string } {
  const spec = MESSAGES[type];
  if (!('reply' in spec)) return { ok: true, value: payload as ReplyOf<T> };
  const checked = checkContract(spec.reply, payload);
  if (!checked.ok) return { ok: false, message: `bad ${type} reply: ${checked.errors.map((e) => `${e.path} ${e.message}`).join('; ')}` };
  return { ok: true, value: checked.value as ReplyOf<T> };
}
