// The small HTML pages an ingress answers with when it cannot pass a request on: unknown host (404),
// deployment still deploying or its node offline (503), upstream failure (502). Each names the host,
// the deployment and what to do. Shared by every ingress driver (the builtin proxy, nginx), so a user
// sees the same page whichever one routes.
import type { Route } from './ingress.js';

export type PageKind = 'unknown-host' | 'deploying' | 'offline' | 'no-upstream' | 'bad-gateway';

export interface Page {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Seconds a client should wait before retrying a deploying deployment. */
export const DEPLOYING_RETRY_AFTER_SECONDS = 5;

export function renderPage(kind: PageKind, host: string, route?: Route): Page {
  const deployment = route ? `deployment <strong>${escapeHtml(route.deployment.name)}</strong>` : '';
  const pages: Record<PageKind, { status: number; title: string; text: string }> = {
    'unknown-host': {
      status: 404,
      title: 'No deployment here',
      text: `No deployment answers at <code>${escapeHtml(host || '(no Host header)')}</code>. It may have been deleted or expired, or the address is mistyped: URLs look like <code>&lt;service&gt;.&lt;deployment&gt;.&lt;environment&gt;.&lt;base domain&gt;</code>.`,
    },
    deploying: {
      status: 503,
      title: 'Deploying',
      text: `The ${deployment} is still deploying. This page will answer as soon as its services are up; try again in a few seconds.`,
    },
    offline: {
      status: 503,
      title: 'Offline',
      text: `The ${deployment} is offline: the node it runs on cannot be reached. It comes back by itself when the node reconnects; an administrator can check the node's status.`,
    },
    'no-upstream': {
      status: 503,
      title: 'Not published',
      text: `The ${deployment} has no published address for <code>${escapeHtml(host)}</code> yet.`,
    },
    'bad-gateway': {
      status: 502,
      title: 'Bad gateway',
      text: `The service behind <code>${escapeHtml(host)}</code> in ${deployment || 'this deployment'} did not answer. It may be restarting or failing; its logs say more.`,
    },
  };
  const page = pages[kind];
  const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };
  if (kind === 'deploying') headers['retry-after'] = String(DEPLOYING_RETRY_AFTER_SECONDS);
  const state = route ? `<p class="state">state: ${escapeHtml(route.state)}</p>` : '';
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${page.status} ${page.title} · NullOps</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#222}h1{font-size:1.4rem}code{background:#f2f2f2;padding:0 .2rem}.state{color:#666;font-size:.9rem}</style>
</head><body><h1>${page.status} · ${page.title}</h1><p>${page.text}</p>${state}<p class="state">NullOps ingress</p></body></html>
`;
  headers['content-length'] = String(new TextEncoder().encode(body).length);
  return { status: page.status, headers, body };
}

export function pageKindFor(route: Route): PageKind | null {
  if (route.state === 'deploying') return 'deploying';
  if (route.state === 'offline') return 'offline';
  if (route.upstreams.length === 0) return 'no-upstream';
  return null;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
