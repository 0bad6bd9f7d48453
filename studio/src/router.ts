// The studio's pages. Every page but sign-in needs a session; admin pages need the admin role.
// Pages other than the home are loaded on demand so the first download stays small.
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { useSession } from './session/session-store';
import DeploymentsPage from './deployments/DeploymentsPage.vue';
import { preloadPipelineEditor, versionInQuery } from './editor/editor-preload';

const loadPipelineEditor = () => import('./editor/ProjectPipelinePage.vue');

declare module 'vue-router' {
  interface RouteMeta {
    public?: boolean;
    admin?: boolean;
    title?: string;
  }
}

const routes: RouteRecordRaw[] = [
  { path: '/sign-in', name: 'sign-in', component: () => import('./session/SignInPage.vue'), meta: { public: true, title: 'Sign in' } },
  { path: '/', name: 'deployments', component: DeploymentsPage, meta: { title: 'Deployments' } },
  { path: '/deployments/new', name: 'new-deployment', component: () => import('./deployments/NewDeploymentPage.vue'), meta: { title: 'New deployment' } },
  { path: '/deployments/:id', name: 'deployment', component: () => import('./deployments/DeploymentPage.vue'), props: true, meta: { title: 'Deployment' } },
  // The pipeline editor (issue 14) lives in src/editor/ and owns this page (see the first guard below).
  { path: '/projects/:id/pipeline', name: 'project-pipeline', component: loadPipelineEditor, props: true, meta: { title: 'Pipeline' } },
  {
    path: '/admin',
    component: () => import('./admin/AdminLayout.vue'),
    meta: { admin: true },
    children: [
      { path: '', redirect: '/admin/users' },
      { path: 'users', component: () => import('./admin/UsersPage.vue'), meta: { admin: true, title: 'Users' } },
      { path: 'teams', component: () => import('./admin/TeamsPage.vue'), meta: { admin: true, title: 'Teams' } },
      { path: 'access', component: () => import('./admin/AccessPage.vue'), meta: { admin: true, title: 'Access grants' } },
      { path: 'registries', component: () => import('./admin/RegistriesPage.vue'), meta: { admin: true, title: 'Registries' } },
      { path: 'services', component: () => import('./admin/ServicesPage.vue'), meta: { admin: true, title: 'Services' } },
      { path: 'projects', component: () => import('./admin/ProjectsPage.vue'), meta: { admin: true, title: 'Projects' } },
      { path: 'environments', component: () => import('./admin/EnvironmentsPage.vue'), meta: { admin: true, title: 'Environments & nodes' } },
      { path: 'plugins', component: () => import('./admin/PluginsPage.vue'), meta: { admin: true, title: 'Plugins' } },
      { path: 'marketplace', component: () => import('./admin/MarketplacePage.vue'), meta: { admin: true, title: 'Marketplace' } },
      { path: 'audit', component: () => import('./admin/AuditPage.vue'), meta: { admin: true, title: 'Audit log' } },
    ],
  },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./shell/NotFoundPage.vue'), meta: { title: 'Not found' } },
];

export const router = createRouter({ history: createWebHistory(), routes });

// Opening a pipeline mostly waits for the editor's requests and code: both start as soon as the route
// is known, alongside the session check instead of after it. Signed out, the requests fail (401, which
// the session ignores while it is loading) and nobody takes them.
router.beforeEach((to, from) => {
  if (to.name !== 'project-pipeline' || (from.name === to.name && from.params.id === to.params.id)) return true;
  preloadPipelineEditor(String(to.params.id), versionInQuery(to.query.version));
  void loadPipelineEditor();
  return true;
});

router.beforeEach(async (to) => {
  const session = useSession();
  if (!session.loaded) await session.load();
  if (to.meta.public) return true;
  if (!session.signedIn) return { name: 'sign-in', query: to.fullPath === '/' ? {} : { next: to.fullPath } };
  if (to.meta.admin && !session.isAdmin) return { name: 'not-found', params: { pathMatch: to.path.slice(1).split('/') } };
  return true;
});

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} · NullOps` : 'NullOps';
});
