// The audit log: every state-changing request is recorded (recorder), and GET /audit reads it.
import type { FeatureModule } from '../feature-module.js';
import { auditRecorder } from './recorder.js';
import { auditRoutes } from './routes.js';

export const auditModule: FeatureModule = { name: 'audit', services: auditRecorder, routes: auditRoutes };
