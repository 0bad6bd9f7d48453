// Names of what scripts/test-infra/up.sh prepares before every test run (`npm test` calls it): the local
// images that stand in for Docker Hub's, and the two local registries.
export const BUSYBOX_IMAGE = 'nullops-local/busybox:latest';
export const NODE_IMAGE = 'nullops-local/node:20';
export const POSTGRES_IMAGE = 'nullops-local/postgres:17';

/** A registry without authentication. Docker treats loopback registries as insecure, so plain HTTP works. */
export const ANONYMOUS_REGISTRY = '127.0.0.1:5001';

/** A registry that accepts only SECURED_REGISTRY_CREDENTIALS (htpasswd, basic auth). */
export const SECURED_REGISTRY = '127.0.0.1:5002';
export const SECURED_REGISTRY_CREDENTIALS = {
  username: 'nullops-test',
  password: 'nullops-test-password',
} as const;

/** Where scripts/test-infra/up.sh keeps the registries' data (machine-wide, like their ports). */
export const TEST_REGISTRY_DIR = process.env.NULLOPS_TEST_REGISTRY_DIR ?? '/var/tmp/nullops-test-registries';
export const ANONYMOUS_REGISTRY_STORAGE = `${TEST_REGISTRY_DIR}/registry-anonymous/data`;
