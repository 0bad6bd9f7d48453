// The one way the studio talks to the control plane: JSON over /api/v1 with the session cookie.
// Every failure becomes an ApiError with the API's stable code and a sentence a person can read;
// a 401 on an authenticated call tells the session (expired) so the app can send the user to sign-in.
export interface ErrorDetail {
  path?: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Field-level problems (`details.errors`) the API listed, e.g. for VALIDATION_FAILED or PIPELINE_INVALID. */
  get problems(): ErrorDetail[] {
    const errors = this.details?.errors;
    if (!Array.isArray(errors)) return [];
    return errors
      .filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
      .map((e) => ({ path: typeof e.path === 'string' ? e.path : typeof e.stepId === 'string' ? e.stepId : undefined, message: String(e.message ?? '') }));
  }
}

type ExpiredListener = () => void;
const expiredListeners = new Set<ExpiredListener>();

/** Called when the API answers 401 to a call made while signed in: the session expired or was revoked. */
export function onSessionExpired(listener: ExpiredListener): () => void {
  expiredListeners.add(listener);
  return () => expiredListeners.delete(listener);
}

export const API_BASE = '/api/v1';

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined | null>;
  body?: unknown;
  signal?: AbortSignal;
  /** Sign-in and the first "who am I" expect 401 and must not report an expired session. */
  expectUnauthenticated?: boolean;
}

export function apiUrl(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return `${API_BASE}${path}${search ? `?${search}` : ''}`;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method,
      credentials: 'same-origin',
      headers: options.body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK', 'The NullOps server could not be reached. Check that it is running and try again.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let payload: unknown;
  try {
    payload = text ? JSON.parse(text) : undefined;
  } catch {
    payload = undefined;
  }
  if (response.ok) return payload as T;
  const error = toApiError(response.status, payload);
  if (response.status === 401 && !options.expectUnauthenticated) for (const listener of expiredListeners) listener();
  throw error;
}

function toApiError(status: number, payload: unknown): ApiError {
  const body = (payload as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  if (body && typeof body.code === 'string') {
    return new ApiError(status, body.code, typeof body.message === 'string' ? body.message : body.code, (body.details as Record<string, unknown>) ?? undefined);
  }
  if (status >= 500) return new ApiError(status, 'SERVER_ERROR', `The server failed to answer (HTTP ${status}). Try again; if it keeps failing, check the control plane's log.`);
  return new ApiError(status, 'HTTP_' + status, `The request failed (HTTP ${status}).`);
}

export const api = {
  get: <T>(path: string, query?: RequestOptions['query'], signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body: body ?? {} }),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, { body: body ?? {} }),
  delete: <T = void>(path: string, query?: RequestOptions['query']) => request<T>('DELETE', path, { query }),
};

/** A readable sentence for any error thrown by the client (or anything else), never raw JSON. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const problems = error.problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).filter(Boolean);
    return problems.length ? `${error.message} ${problems.join('; ')}` : error.message;
  }
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
