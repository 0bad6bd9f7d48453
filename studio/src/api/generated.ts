// Generated from the control plane's route schemas (its OpenAPI document) by studio/lib/api-types.ts.
// Do not edit: run `npm run api-types -w studio` after changing routes (a test fails while it is stale).
// ApiResponses['GET /deployments/{id}'] is the answer of that route (its 2xx JSON body);
// ApiRequests['POST /deployments'] is the JSON body it takes.

export interface ApiResponses {
  "GET /audit": {
    items: {
      id: string;
      at: string;
      actor: {
        id: string;
        username: string;
      } | null;
      action: string;
      target: {
        type: string;
        id: string;
      } | null;
      /**
       * HTTP status of the response
       */
      status: number;
      address: string;
      /**
       * the request, secret fields redacted
       */
      details: {
        [k: string]: unknown;
      };
    }[];
    total: number;
  };
  "POST /auth/login": {
    user: {
      id: string;
      username: string;
      role: "admin" | "user";
      disabled: boolean;
      /**
       * signs in through an external auth driver; has no password
       */
      external: boolean;
      createdAt: string;
    };
  };
  "GET /auth/me": {
    user: {
      id: string;
      username: string;
      role: "admin" | "user";
      disabled: boolean;
      /**
       * signs in through an external auth driver; has no password
       */
      external: boolean;
      createdAt: string;
    };
    teams: {
      id: string;
      name: string;
    }[];
  };
  "GET /auth/methods": {
    /**
     * the auth driver in use, e.g. auth-local or auth-proxy-header
     */
    driver: string;
    /**
     * whether POST /auth/login signs users in with a password; false when a proxy or another driver does
     */
    password: boolean;
  };
  "GET /deployments": {
    items: {
      id: string;
      name: string;
      status: "pending" | "deploying" | "running" | "failed" | "cancelling" | "deleting" | "deleted" | "offline";
      access: "read" | "full";
      project: {
        id: string;
        name: string;
      };
      environment: {
        id: string;
        name: string;
      };
      node: {
        id: string;
        name: string;
      } | null;
      pipelineVersion: number;
      /**
       * the tag per service name; selectable services need one
       */
      versions: {
        [k: string]: string;
      };
      services: {
        /**
         * the service step id: the URL's first label
         */
        id: string;
        service: string;
        /**
         * the container as the agent last reported it: created, running, restarting, exited…; removed once the deployment is deleted or failed
         */
        status: string;
        /**
         * starting, healthy, unhealthy or none (none once removed)
         */
        health: string;
        restartCount: number;
        /**
         * the public ingress URL
         */
        url?: string;
      }[];
      error?: {
        code: string;
        message: string;
        stepId?: string;
      };
      generation: number;
      attempt: number;
      createdBy: string;
      createdAt: string;
      expiresAt: string;
      lastActivityAt: string;
      deletedAt?: string;
      deletedBy?: string;
      deleteReason?: string;
    }[];
    total: number;
  };
  "POST /deployments": {
    id: string;
    name: string;
    status: "pending" | "deploying" | "running" | "failed" | "cancelling" | "deleting" | "deleted" | "offline";
    access: "read" | "full";
    project: {
      id: string;
      name: string;
    };
    environment: {
      id: string;
      name: string;
    };
    node: {
      id: string;
      name: string;
    } | null;
    pipelineVersion: number;
    /**
     * the tag per service name; selectable services need one
     */
    versions: {
      [k: string]: string;
    };
    services: {
      /**
       * the service step id: the URL's first label
       */
      id: string;
      service: string;
      /**
       * the container as the agent last reported it: created, running, restarting, exited…; removed once the deployment is deleted or failed
       */
      status: string;
      /**
       * starting, healthy, unhealthy or none (none once removed)
       */
      health: string;
      restartCount: number;
      /**
       * the public ingress URL
       */
      url?: string;
    }[];
    error?: {
      code: string;
      message: string;
      stepId?: string;
    };
    generation: number;
    attempt: number;
    createdBy: string;
    createdAt: string;
    expiresAt: string;
    lastActivityAt: string;
    deletedAt?: string;
    deletedBy?: string;
    deleteReason?: string;
  };
  "GET /deployments/{id}": {
    id: string;
    name: string;
    status: "pending" | "deploying" | "running" | "failed" | "cancelling" | "deleting" | "deleted" | "offline";
    access: "read" | "full";
    project: {
      id: string;
      name: string;
    };
    environment: {
      id: string;
      name: string;
    };
    node: {
      id: string;
      name: string;
    } | null;
    pipelineVersion: number;
    /**
     * the tag per service name; selectable services need one
     */
    versions: {
      [k: string]: string;
    };
    services: {
      /**
       * the service step id: the URL's first label
       */
      id: string;
      service: string;
      /**
       * the container as the agent last reported it: created, running, restarting, exited…; removed once the deployment is deleted or failed
       */
      status: string;
      /**
       * starting, healthy, unhealthy or none (none once removed)
       */
      health: string;
      restartCount: number;
      /**
       * the public ingress URL
       */
      url?: string;
    }[];
    error?: {
      code: string;
      message: string;
      stepId?: string;
    };
    generation: number;
    attempt: number;
    createdBy: string;
    createdAt: string;
    expiresAt: string;
    lastActivityAt: string;
    deletedAt?: string;
    deletedBy?: string;
    deleteReason?: string;
  };
  "DELETE /deployments/{id}": {
    id: string;
    name: string;
    status: "pending" | "deploying" | "running" | "failed" | "cancelling" | "deleting" | "deleted" | "offline";
    access: "read" | "full";
    project: {
      id: string;
      name: string;
    };
    environment: {
      id: string;
      name: string;
    };
    node: {
      id: string;
      name: string;
    } | null;
    pipelineVersion: number;
    /**
     * the tag per service name; selectable services need one
     */
    versions: {
      [k: string]: string;
    };
    services: {
      /**
       * the service step id: the URL's first label
       */
      id: string;
      service: string;
      /**
       * the container as the agent last reported it: created, running, restarting, exited…; removed once the deployment is deleted or failed
       */
      status: string;
      /**
       * starting, healthy, unhealthy or none (none once removed)
       */
      health: string;
      restartCount: number;
      /**
       * the public ingress URL
       */
      url?: string;
    }[];
    error?: {
      code: string;
      message: string;
      stepId?: string;
    };
    generation: number;
    attempt: number;
    createdBy: string;
    createdAt: string;
    expiresAt: string;
    lastActivityAt: string;
    deletedAt?: string;
    deletedBy?: string;
    deleteReason?: string;
  };
  "POST /deployments/{id}/clone": {
    id: string;
    name: string;
    status: "pending" | "deploying" | "running" | "failed" | "cancelling" | "deleting" | "deleted" | "offline";
    access: "read" | "full";
    project: {
      id: string;
      name: string;
    };
    environment: {
      id: string;
      name: string;
    };
    node: {
      id: string;
      name: string;
    } | null;
    pipelineVersion: number;
    /**
     * the tag per service name; selectable services need one
     */
    versions: {
      [k: string]: string;
    };
    services: {
      /**
       * the service step id: the URL's first label
       */
      id: string;
      service: string;
      /**
       * the container as the agent last reported it: created, running, restarting, exited…; removed once the deployment is deleted or failed
       */
      status: string;
      /**
       * starting, healthy, unhealthy or none (none once removed)
       */
      health: string;
      restartCount: number;
      /**
       * the public ingress URL
       */
      url?: string;
    }[];
    error?: {
      code: string;
      message: string;
      stepId?: string;
    };
    generation: number;
    attempt: number;
    createdBy: string;
    createdAt: string;
    expiresAt: string;
    lastActivityAt: string;
    deletedAt?: string;
    deletedBy?: string;
    deleteReason?: string;
  };
  "GET /deployments/{id}/events": {
    items: {
      at: string;
      stepId?: string;
      phase: string;
      status: string;
      message: string;
      generation: number;
    }[];
    total: number;
  };
  "POST /deployments/{id}/extend": {
    expiresAt: string;
  };
  "GET /deployments/{id}/logs": {
    /**
     * live from the container, or the lines kept after it was removed
     */
    source: "live" | "archive";
    items: {
      line: string;
      at?: string;
      stream?: string;
    }[];
    total: number;
  };
  "GET /deployments/{id}/metrics": {
    source: "live" | "heartbeat";
    services: {
      stepId: string;
      cpuPercent: number;
      memoryMb: number;
    }[];
  };
  "POST /deployments/{id}/retry": {
    id: string;
    name: string;
    status: "pending" | "deploying" | "running" | "failed" | "cancelling" | "deleting" | "deleted" | "offline";
    access: "read" | "full";
    project: {
      id: string;
      name: string;
    };
    environment: {
      id: string;
      name: string;
    };
    node: {
      id: string;
      name: string;
    } | null;
    pipelineVersion: number;
    /**
     * the tag per service name; selectable services need one
     */
    versions: {
      [k: string]: string;
    };
    services: {
      /**
       * the service step id: the URL's first label
       */
      id: string;
      service: string;
      /**
       * the container as the agent last reported it: created, running, restarting, exited…; removed once the deployment is deleted or failed
       */
      status: string;
      /**
       * starting, healthy, unhealthy or none (none once removed)
       */
      health: string;
      restartCount: number;
      /**
       * the public ingress URL
       */
      url?: string;
    }[];
    error?: {
      code: string;
      message: string;
      stepId?: string;
    };
    generation: number;
    attempt: number;
    createdBy: string;
    createdAt: string;
    expiresAt: string;
    lastActivityAt: string;
    deletedAt?: string;
    deletedBy?: string;
    deleteReason?: string;
  };
  "GET /environments": {
    items: {
      id: string;
      name: string;
      baseDomain: string;
      ttlHours: number;
      ingressScheme: ("http" | "https") | null;
      ingressPort: number | null;
      /**
       * the caller's effective access
       */
      access: "read" | "full";
      createdAt: string;
      updatedAt: string;
    }[];
    total: number;
  };
  "POST /environments": {
    id: string;
    name: string;
    baseDomain: string;
    ttlHours: number;
    ingressScheme: ("http" | "https") | null;
    ingressPort: number | null;
    /**
     * the caller's effective access
     */
    access: "read" | "full";
    createdAt: string;
    updatedAt: string;
  };
  "GET /environments/{id}": {
    id: string;
    name: string;
    baseDomain: string;
    ttlHours: number;
    ingressScheme: ("http" | "https") | null;
    ingressPort: number | null;
    /**
     * the caller's effective access
     */
    access: "read" | "full";
    createdAt: string;
    updatedAt: string;
  };
  "PATCH /environments/{id}": {
    id: string;
    name: string;
    baseDomain: string;
    ttlHours: number;
    ingressScheme: ("http" | "https") | null;
    ingressPort: number | null;
    /**
     * the caller's effective access
     */
    access: "read" | "full";
    createdAt: string;
    updatedAt: string;
  };
  "GET /environments/{id}/grants": {
    items: {
      teamId: string;
      team: {
        id: string;
        name: string;
      };
      access: "read" | "full";
    }[];
    total: number;
  };
  "PUT /environments/{id}/grants/{teamId}": {
    teamId: string;
    team: {
      id: string;
      name: string;
    };
    access: "read" | "full";
  };
  "GET /environments/{id}/nodes": {
    items: {
      id: string;
      name: string;
      environment: {
        id: string;
        name: string;
      };
      host: string;
      port: number;
      enabled: boolean;
      status: "connecting" | "online" | "offline" | "untrusted" | "incompatible" | "reconfigure" | "revoked";
      statusMessage: string | null;
      thumbprint: string | null;
      pendingThumbprint?: string;
      agentVersion: string | null;
      publishAddress: string | null;
      /**
       * the agent's isolation firewall as it last reported it; null until it first connects
       */
      firewall: {
        status: "active" | "unavailable" | "disabled";
        message?: string;
      } | null;
      labels: {
        [k: string]: string;
      };
      capacity: {
        cpu: number;
        memoryMb: number;
      };
      allocated: {
        cpu: number;
        memoryMb: number;
      };
      usage: {
        cpuPercent: number;
        memoryMb: number;
      };
      /**
       * deployments on the node that are not deleted
       */
      deployments: number;
      lastSeenAt: string | null;
    }[];
    total: number;
  };
  "POST /environments/{id}/nodes": {
    node: {
      id: string;
      name: string;
      environment: {
        id: string;
        name: string;
      };
      host: string;
      port: number;
      enabled: boolean;
      status: "connecting" | "online" | "offline" | "untrusted" | "incompatible" | "reconfigure" | "revoked";
      statusMessage: string | null;
      thumbprint: string | null;
      pendingThumbprint?: string;
      agentVersion: string | null;
      publishAddress: string | null;
      /**
       * the agent's isolation firewall as it last reported it; null until it first connects
       */
      firewall: {
        status: "active" | "unavailable" | "disabled";
        message?: string;
      } | null;
      labels: {
        [k: string]: string;
      };
      capacity: {
        cpu: number;
        memoryMb: number;
      };
      allocated: {
        cpu: number;
        memoryMb: number;
      };
      usage: {
        cpuPercent: number;
        memoryMb: number;
      };
      /**
       * deployments on the node that are not deleted
       */
      deployments: number;
      lastSeenAt: string | null;
    };
    /**
     * the agent token, shown once: start the agent with AGENT_TOKEN set to it
     */
    token: string;
  };
  "POST /me/tokens": {
    id: string;
    name: string;
    /**
     * shown once: store it now
     */
    token: string;
    createdAt: string;
  };
  "GET /me/tokens": {
    items: {
      id: string;
      name: string;
      createdAt: string;
      lastUsedAt: string | null;
    }[];
    total: number;
  };
  "GET /nodes/{id}": {
    id: string;
    name: string;
    environment: {
      id: string;
      name: string;
    };
    host: string;
    port: number;
    enabled: boolean;
    status: "connecting" | "online" | "offline" | "untrusted" | "incompatible" | "reconfigure" | "revoked";
    statusMessage: string | null;
    thumbprint: string | null;
    pendingThumbprint?: string;
    agentVersion: string | null;
    publishAddress: string | null;
    /**
     * the agent's isolation firewall as it last reported it; null until it first connects
     */
    firewall: {
      status: "active" | "unavailable" | "disabled";
      message?: string;
    } | null;
    labels: {
      [k: string]: string;
    };
    capacity: {
      cpu: number;
      memoryMb: number;
    };
    allocated: {
      cpu: number;
      memoryMb: number;
    };
    usage: {
      cpuPercent: number;
      memoryMb: number;
    };
    /**
     * deployments on the node that are not deleted
     */
    deployments: number;
    lastSeenAt: string | null;
  };
  "PATCH /nodes/{id}": {
    id: string;
    name: string;
    environment: {
      id: string;
      name: string;
    };
    host: string;
    port: number;
    enabled: boolean;
    status: "connecting" | "online" | "offline" | "untrusted" | "incompatible" | "reconfigure" | "revoked";
    statusMessage: string | null;
    thumbprint: string | null;
    pendingThumbprint?: string;
    agentVersion: string | null;
    publishAddress: string | null;
    /**
     * the agent's isolation firewall as it last reported it; null until it first connects
     */
    firewall: {
      status: "active" | "unavailable" | "disabled";
      message?: string;
    } | null;
    labels: {
      [k: string]: string;
    };
    capacity: {
      cpu: number;
      memoryMb: number;
    };
    allocated: {
      cpu: number;
      memoryMb: number;
    };
    usage: {
      cpuPercent: number;
      memoryMb: number;
    };
    /**
     * deployments on the node that are not deleted
     */
    deployments: number;
    lastSeenAt: string | null;
  };
  "POST /nodes/{id}/approve-thumbprint": {
    id: string;
    name: string;
    environment: {
      id: string;
      name: string;
    };
    host: string;
    port: number;
    enabled: boolean;
    status: "connecting" | "online" | "offline" | "untrusted" | "incompatible" | "reconfigure" | "revoked";
    statusMessage: string | null;
    thumbprint: string | null;
    pendingThumbprint?: string;
    agentVersion: string | null;
    publishAddress: string | null;
    /**
     * the agent's isolation firewall as it last reported it; null until it first connects
     */
    firewall: {
      status: "active" | "unavailable" | "disabled";
      message?: string;
    } | null;
    labels: {
      [k: string]: string;
    };
    capacity: {
      cpu: number;
      memoryMb: number;
    };
    allocated: {
      cpu: number;
      memoryMb: number;
    };
    usage: {
      cpuPercent: number;
      memoryMb: number;
    };
    /**
     * deployments on the node that are not deleted
     */
    deployments: number;
    lastSeenAt: string | null;
  };
  "POST /nodes/{id}/revoke": {
    id: string;
    name: string;
    environment: {
      id: string;
      name: string;
    };
    host: string;
    port: number;
    enabled: boolean;
    status: "connecting" | "online" | "offline" | "untrusted" | "incompatible" | "reconfigure" | "revoked";
    statusMessage: string | null;
    thumbprint: string | null;
    pendingThumbprint?: string;
    agentVersion: string | null;
    publishAddress: string | null;
    /**
     * the agent's isolation firewall as it last reported it; null until it first connects
     */
    firewall: {
      status: "active" | "unavailable" | "disabled";
      message?: string;
    } | null;
    labels: {
      [k: string]: string;
    };
    capacity: {
      cpu: number;
      memoryMb: number;
    };
    allocated: {
      cpu: number;
      memoryMb: number;
    };
    usage: {
      cpuPercent: number;
      memoryMb: number;
    };
    /**
     * deployments on the node that are not deleted
     */
    deployments: number;
    lastSeenAt: string | null;
  };
  "POST /nodes/{id}/rotate-token": {
    /**
     * the new agent token, shown once
     */
    token: string;
  };
  "GET /plugin-sources": {
    items: {
      id: string;
      name: string;
      url: string;
      hasToken: boolean;
      /**
       * ISO-8601 UTC
       */
      createdAt: string;
    }[];
    total: number;
  };
  "POST /plugin-sources": {
    id: string;
    name: string;
    url: string;
    hasToken: boolean;
    /**
     * ISO-8601 UTC
     */
    createdAt: string;
  };
  "GET /plugin-sources/{id}": {
    id: string;
    name: string;
    url: string;
    hasToken: boolean;
    /**
     * ISO-8601 UTC
     */
    createdAt: string;
  };
  "GET /plugin-sources/{id}/search": {
    /**
     * the source’s search items as it sends them (name, latestVersion, title, description, category, publisher…)
     */
    items: {
      [k: string]: unknown;
    }[];
    total: number;
  };
  "GET /plugins": {
    items: {
      name: string;
      latestVersion: string;
      /**
       * newest first
       */
      versions: string[];
      title: string;
      description: string;
      category: string;
      keywords: string[];
      icon?: string;
      /**
       * the latest version, with the input/output JSON Schemas the studio renders forms from
       */
      manifest: {
        [k: string]: unknown;
      };
    }[];
    total: number;
  };
  "POST /plugins": {
    name: string;
    version: string;
    title: string;
    description: string;
    category: string;
    keywords: string[];
    icon?: string;
    /**
     * repository@digest: what runs
     */
    image: string;
    digest: string;
    registry: {
      id: string;
      name: string;
    };
    manifest: {
      [k: string]: unknown;
    };
    installedBy: string | null;
    /**
     * ISO-8601 UTC
     */
    installedAt: string;
  };
  "GET /plugins/{scope}/{name}": {
    name: string;
    /**
     * newest first
     */
    versions: {
      name: string;
      version: string;
      title: string;
      description: string;
      category: string;
      keywords: string[];
      icon?: string;
      /**
       * repository@digest: what runs
       */
      image: string;
      digest: string;
      registry: {
        id: string;
        name: string;
      };
      manifest: {
        [k: string]: unknown;
      };
      installedBy: string | null;
      /**
       * ISO-8601 UTC
       */
      installedAt: string;
    }[];
  };
  "GET /plugins/{scope}/{name}/{version}": {
    name: string;
    version: string;
    title: string;
    description: string;
    category: string;
    keywords: string[];
    icon?: string;
    /**
     * repository@digest: what runs
     */
    image: string;
    digest: string;
    registry: {
      id: string;
      name: string;
    };
    manifest: {
      [k: string]: unknown;
    };
    installedBy: string | null;
    /**
     * ISO-8601 UTC
     */
    installedAt: string;
  };
  "GET /projects": {
    items: {
      id: string;
      name: string;
      description: string;
      resources: {
        /**
         * CPU cores, like docker --cpus
         */
        cpu: number;
        /**
         * Memory limit in MiB
         */
        memoryMb: number;
      };
      ttlHours: number | null;
      nodeSelector: {
        [k: string]: string;
      };
      /**
       * the caller's effective access
       */
      access: "read" | "full";
      createdAt: string;
      updatedAt: string;
    }[];
    total: number;
  };
  "POST /projects": {
    id: string;
    name: string;
    description: string;
    resources: {
      /**
       * CPU cores, like docker --cpus
       */
      cpu: number;
      /**
       * Memory limit in MiB
       */
      memoryMb: number;
    };
    ttlHours: number | null;
    nodeSelector: {
      [k: string]: string;
    };
    /**
     * the caller's effective access
     */
    access: "read" | "full";
    createdAt: string;
    updatedAt: string;
  };
  "GET /projects/{id}": {
    id: string;
    name: string;
    description: string;
    resources: {
      /**
       * CPU cores, like docker --cpus
       */
      cpu: number;
      /**
       * Memory limit in MiB
       */
      memoryMb: number;
    };
    ttlHours: number | null;
    nodeSelector: {
      [k: string]: string;
    };
    /**
     * the caller's effective access
     */
    access: "read" | "full";
    createdAt: string;
    updatedAt: string;
  };
  "PATCH /projects/{id}": {
    id: string;
    name: string;
    description: string;
    resources: {
      /**
       * CPU cores, like docker --cpus
       */
      cpu: number;
      /**
       * Memory limit in MiB
       */
      memoryMb: number;
    };
    ttlHours: number | null;
    nodeSelector: {
      [k: string]: string;
    };
    /**
     * the caller's effective access
     */
    access: "read" | "full";
    createdAt: string;
    updatedAt: string;
  };
  "GET /projects/{id}/grants": {
    items: {
      teamId: string;
      team: {
        id: string;
        name: string;
      };
      access: "read" | "full";
    }[];
    total: number;
  };
  "PUT /projects/{id}/grants/{teamId}": {
    teamId: string;
    team: {
      id: string;
      name: string;
    };
    access: "read" | "full";
  };
  "GET /projects/{id}/pipeline": {
    version: number;
    message: string;
    createdBy: {
      id: string;
      name: string;
    } | null;
    /**
     * ISO-8601 UTC
     */
    createdAt: string;
    /**
     * a pipeline definition: {steps, edges, layout?} (docs/catalog-and-pipelines.md)
     */
    definition: {
      [k: string]: unknown;
    };
    resolved: {
      /**
       * per component step id
       */
      plugins: {
        [k: string]: {
          name: string;
          version: string;
          digest: string;
        };
      };
    };
  };
  "POST /projects/{id}/pipeline/dry-run": {
    valid: boolean;
    errors: {
      /**
       * one of DEFINITION_INVALID, DEFINITION_TOO_LARGE, NO_STEPS, STEP_ID_INVALID, DUPLICATE_STEP_ID, EDGE_UNKNOWN_STEP, CYCLE, UNKNOWN_SERVICE, HEALTHCHECK_PORT_UNKNOWN, PLUGIN_REFERENCE_INVALID, UNKNOWN_PLUGIN, PLUGIN_VERSION_UNRESOLVED, PARAM_INVALID, SECRET_PARAM_LITERAL, EXPRESSION_SYNTAX, EXPRESSION_UNKNOWN_REFERENCE, SECRET_UNKNOWN, SERVICE_REFERENCE_UNKNOWN, SERVICE_PORT_UNKNOWN, SERVICE_NO_INGRESS, OUTPUT_UNKNOWN_STEP, OUTPUT_NOT_COMPONENT, OUTPUT_NOT_ANCESTOR, OUTPUT_UNKNOWN_KEY, RESOURCES_EXCEED_PROJECT, RESOURCES_SUM_EXCEEDS; VERSION_REQUIRED, TAG_NOT_ALLOWED and the like from a dry-run
       */
      code: string;
      stepId?: string;
      /**
       * JSON Pointer into the definition
       */
      path: string;
      message: string;
    }[];
    /**
     * what the agent would receive, secret values and pull passwords redacted
     */
    plan: {
      deploymentId: string;
      generation: number;
      name: string;
      project: string;
      environment: string;
      baseDomain: string;
      /**
       * e.g. http://{step}.pr-7.qa.example.com:7780/ — gives services.<id>.publicUrl
       */
      publicUrlTemplate?: string;
      attempt: number;
      gracefulStopSeconds: number;
      /**
       * every value to replace with *** in logs
       */
      masks: string[];
      steps: (
        | {
            id: string;
            needs: string[];
            kind: "service";
            image: string;
            pullAuth?:
              | {
                  username: string;
                  password: string;
                }
              | {
                  token: string;
                };
            env: {
              [k: string]: string;
            };
            command?: string[];
            ports: {
              name: string;
              port: number;
              ingress: boolean;
            }[];
            healthcheck?:
              | {
                  type: "http";
                  port: string;
                  path: string;
                  expectStatus?: number;
                  intervalSeconds?: number;
                  timeoutSeconds?: number;
                  retries?: number;
                  startPeriodSeconds?: number;
                }
              | {
                  type: "tcp";
                  port: string;
                  intervalSeconds?: number;
                  timeoutSeconds?: number;
                  retries?: number;
                  startPeriodSeconds?: number;
                }
              | {
                  type: "command";
                  /**
                   * @minItems 1
                   */
                  command: [string, ...string[]];
                  intervalSeconds?: number;
                  timeoutSeconds?: number;
                  retries?: number;
                  startPeriodSeconds?: number;
                };
            resources: {
              /**
               * CPU cores, like docker --cpus
               */
              cpu: number;
              /**
               * Memory limit in MiB
               */
              memoryMb: number;
            };
          }
        | {
            id: string;
            needs: string[];
            kind: "job";
            image: string;
            pullAuth?:
              | {
                  username: string;
                  password: string;
                }
              | {
                  token: string;
                };
            env: {
              [k: string]: string;
            };
            /**
             * @minItems 1
             */
            command: [string, ...string[]];
            timeoutSeconds: number;
            resources: {
              /**
               * CPU cores, like docker --cpus
               */
              cpu: number;
              /**
               * Memory limit in MiB
               */
              memoryMb: number;
            };
          }
        | {
            id: string;
            needs: string[];
            kind: "component";
            /**
             * image@sha256:… — the digest pinned when the pipeline version was saved
             */
            image: string;
            pullAuth?:
              | {
                  username: string;
                  password: string;
                }
              | {
                  token: string;
                };
            manifest: {
              name: string;
              version: string;
              actions: ("run" | "rollback")[];
              timeoutSeconds: number;
              network: "deployment" | "none";
              resources?: {
                /**
                 * CPU cores, like docker --cpus
                 */
                cpu: number;
                /**
                 * Memory limit in MiB
                 */
                memoryMb: number;
              };
              /**
               * A JSON Schema (draft 2020-12 or 07)
               */
              input: {
                [k: string]: unknown;
              };
              /**
               * A JSON Schema (draft 2020-12 or 07)
               */
              output: {
                [k: string]: unknown;
              };
              secrets: string[];
            };
            /**
             * the step override of manifest.timeoutSeconds
             */
            timeoutSeconds?: number;
            /**
             * expressions resolved except steps.<id>.outputs.*, which the agent resolves
             */
            params: {
              [k: string]: unknown;
            };
          }
      )[];
    } | null;
    /**
     * the node a deployment would be placed on now, or what each node lacks; null when the pipeline is invalid
     */
    placement:
      | {
          node: {
            id: string;
            name: string;
          };
        }
      | {
          shortfalls: {
            node: {
              id: string;
              name: string;
            };
            shortfalls: {
              [k: string]: unknown;
            }[];
          }[];
          reason?: string;
        }
      | null;
  };
  "POST /projects/{id}/pipeline/validate": {
    valid: boolean;
    errors: {
      /**
       * one of DEFINITION_INVALID, DEFINITION_TOO_LARGE, NO_STEPS, STEP_ID_INVALID, DUPLICATE_STEP_ID, EDGE_UNKNOWN_STEP, CYCLE, UNKNOWN_SERVICE, HEALTHCHECK_PORT_UNKNOWN, PLUGIN_REFERENCE_INVALID, UNKNOWN_PLUGIN, PLUGIN_VERSION_UNRESOLVED, PARAM_INVALID, SECRET_PARAM_LITERAL, EXPRESSION_SYNTAX, EXPRESSION_UNKNOWN_REFERENCE, SECRET_UNKNOWN, SERVICE_REFERENCE_UNKNOWN, SERVICE_PORT_UNKNOWN, SERVICE_NO_INGRESS, OUTPUT_UNKNOWN_STEP, OUTPUT_NOT_COMPONENT, OUTPUT_NOT_ANCESTOR, OUTPUT_UNKNOWN_KEY, RESOURCES_EXCEED_PROJECT, RESOURCES_SUM_EXCEEDS; VERSION_REQUIRED, TAG_NOT_ALLOWED and the like from a dry-run
       */
      code: string;
      stepId?: string;
      /**
       * JSON Pointer into the definition
       */
      path: string;
      message: string;
    }[];
  };
  "GET /projects/{id}/pipeline/versions": {
    items: {
      version: number;
      message: string;
      createdBy: {
        id: string;
        name: string;
      } | null;
      /**
       * ISO-8601 UTC
       */
      createdAt: string;
    }[];
    total: number;
  };
  "POST /projects/{id}/pipeline/versions": {
    version: number;
    message: string;
    createdBy: {
      id: string;
      name: string;
    } | null;
    /**
     * ISO-8601 UTC
     */
    createdAt: string;
    /**
     * a pipeline definition: {steps, edges, layout?} (docs/catalog-and-pipelines.md)
     */
    definition: {
      [k: string]: unknown;
    };
    resolved: {
      /**
       * per component step id
       */
      plugins: {
        [k: string]: {
          name: string;
          version: string;
          digest: string;
        };
      };
    };
  };
  "GET /projects/{id}/pipeline/versions/{version}": {
    version: number;
    message: string;
    createdBy: {
      id: string;
      name: string;
    } | null;
    /**
     * ISO-8601 UTC
     */
    createdAt: string;
    /**
     * a pipeline definition: {steps, edges, layout?} (docs/catalog-and-pipelines.md)
     */
    definition: {
      [k: string]: unknown;
    };
    resolved: {
      /**
       * per component step id
       */
      plugins: {
        [k: string]: {
          name: string;
          version: string;
          digest: string;
        };
      };
    };
  };
  "GET /projects/{id}/secrets": {
    items: {
      name: string;
      /**
       * ISO-8601 UTC
       */
      createdAt: string;
      /**
       * ISO-8601 UTC
       */
      updatedAt: string;
    }[];
    total: number;
  };
  "PUT /projects/{id}/secrets/{name}": {
    name: string;
    /**
     * ISO-8601 UTC
     */
    createdAt: string;
    /**
     * ISO-8601 UTC
     */
    updatedAt: string;
  };
  "GET /registries": {
    items: {
      id: string;
      name: string;
      url: string;
      username: string | null;
      /**
       * whether a password is stored (it is never returned)
       */
      hasPassword: boolean;
      /**
       * Docker Hub, present by default
       */
      builtin: boolean;
      /**
       * ISO-8601 UTC
       */
      createdAt: string;
      /**
       * ISO-8601 UTC
       */
      updatedAt: string;
    }[];
    total: number;
  };
  "POST /registries": {
    id: string;
    name: string;
    url: string;
    username: string | null;
    /**
     * whether a password is stored (it is never returned)
     */
    hasPassword: boolean;
    /**
     * Docker Hub, present by default
     */
    builtin: boolean;
    /**
     * ISO-8601 UTC
     */
    createdAt: string;
    /**
     * ISO-8601 UTC
     */
    updatedAt: string;
  };
  "GET /registries/{id}": {
    id: string;
    name: string;
    url: string;
    username: string | null;
    /**
     * whether a password is stored (it is never returned)
     */
    hasPassword: boolean;
    /**
     * Docker Hub, present by default
     */
    builtin: boolean;
    /**
     * ISO-8601 UTC
     */
    createdAt: string;
    /**
     * ISO-8601 UTC
     */
    updatedAt: string;
  };
  "PATCH /registries/{id}": {
    id: string;
    name: string;
    url: string;
    username: string | null;
    /**
     * whether a password is stored (it is never returned)
     */
    hasPassword: boolean;
    /**
     * Docker Hub, present by default
     */
    builtin: boolean;
    /**
     * ISO-8601 UTC
     */
    createdAt: string;
    /**
     * ISO-8601 UTC
     */
    updatedAt: string;
  };
  "POST /registries/{id}/test": {
    ok: boolean;
    message: string;
  };
  "GET /services": {
    items: {
      id: string;
      name: string;
      registry: {
        id: string;
        name: string;
      };
      image: string;
      /**
       * what Docker pulls, without the tag
       */
      imageReference: string;
      tagMode: "pinned" | "selectable";
      tag: string | null;
      tagPattern: string | null;
      ports: {
        name: string;
        port: number;
        ingress: boolean;
      }[];
      env: {
        [k: string]: string;
      };
      healthcheck:
        | (
            | {
                type: "http";
                port: string;
                path: string;
                expectStatus?: number;
                intervalSeconds?: number;
                timeoutSeconds?: number;
                retries?: number;
                startPeriodSeconds?: number;
              }
            | {
                type: "tcp";
                port: string;
                intervalSeconds?: number;
                timeoutSeconds?: number;
                retries?: number;
                startPeriodSeconds?: number;
              }
            | {
                type: "command";
                /**
                 * @minItems 1
                 */
                command: [string, ...string[]];
                intervalSeconds?: number;
                timeoutSeconds?: number;
                retries?: number;
                startPeriodSeconds?: number;
              }
          )
        | null;
      /**
       * ISO-8601 UTC
       */
      createdAt: string;
      /**
       * ISO-8601 UTC
       */
      updatedAt: string;
    }[];
    total: number;
  };
  "POST /services": {
    id: string;
    name: string;
    registry: {
      id: string;
      name: string;
    };
    image: string;
    /**
     * what Docker pulls, without the tag
     */
    imageReference: string;
    tagMode: "pinned" | "selectable";
    tag: string | null;
    tagPattern: string | null;
    ports: {
      name: string;
      port: number;
      ingress: boolean;
    }[];
    env: {
      [k: string]: string;
    };
    healthcheck:
      | (
          | {
              type: "http";
              port: string;
              path: string;
              expectStatus?: number;
              intervalSeconds?: number;
              timeoutSeconds?: number;
              retries?: number;
              startPeriodSeconds?: number;
            }
          | {
              type: "tcp";
              port: string;
              intervalSeconds?: number;
              timeoutSeconds?: number;
              retries?: number;
              startPeriodSeconds?: number;
            }
          | {
              type: "command";
              /**
               * @minItems 1
               */
              command: [string, ...string[]];
              intervalSeconds?: number;
              timeoutSeconds?: number;
              retries?: number;
              startPeriodSeconds?: number;
            }
        )
      | null;
    /**
     * ISO-8601 UTC
     */
    createdAt: string;
    /**
     * ISO-8601 UTC
     */
    updatedAt: string;
  };
  "GET /services/{id}": {
    id: string;
    name: string;
    registry: {
      id: string;
      name: string;
    };
    image: string;
    /**
     * what Docker pulls, without the tag
     */
    imageReference: string;
    tagMode: "pinned" | "selectable";
    tag: string | null;
    tagPattern: string | null;
    ports: {
      name: string;
      port: number;
      ingress: boolean;
    }[];
    env: {
      [k: string]: string;
    };
    healthcheck:
      | (
          | {
              type: "http";
              port: string;
              path: string;
              expectStatus?: number;
              intervalSeconds?: number;
              timeoutSeconds?: number;
              retries?: number;
              startPeriodSeconds?: number;
            }
          | {
              type: "tcp";
              port: string;
              intervalSeconds?: number;
              timeoutSeconds?: number;
              retries?: number;
              startPeriodSeconds?: number;
            }
          | {
              type: "command";
              /**
               * @minItems 1
               */
              command: [string, ...string[]];
              intervalSeconds?: number;
              timeoutSeconds?: number;
              retries?: number;
              startPeriodSeconds?: number;
            }
        )
      | null;
    /**
     * ISO-8601 UTC
     */
    createdAt: string;
    /**
     * ISO-8601 UTC
     */
    updatedAt: string;
  };
  "PATCH /services/{id}": {
    id: string;
    name: string;
    registry: {
      id: string;
      name: string;
    };
    image: string;
    /**
     * what Docker pulls, without the tag
     */
    imageReference: string;
    tagMode: "pinned" | "selectable";
    tag: string | null;
    tagPattern: string | null;
    ports: {
      name: string;
      port: number;
      ingress: boolean;
    }[];
    env: {
      [k: string]: string;
    };
    healthcheck:
      | (
          | {
              type: "http";
              port: string;
              path: string;
              expectStatus?: number;
              intervalSeconds?: number;
              timeoutSeconds?: number;
              retries?: number;
              startPeriodSeconds?: number;
            }
          | {
              type: "tcp";
              port: string;
              intervalSeconds?: number;
              timeoutSeconds?: number;
              retries?: number;
              startPeriodSeconds?: number;
            }
          | {
              type: "command";
              /**
               * @minItems 1
               */
              command: [string, ...string[]];
              intervalSeconds?: number;
              timeoutSeconds?: number;
              retries?: number;
              startPeriodSeconds?: number;
            }
        )
      | null;
    /**
     * ISO-8601 UTC
     */
    createdAt: string;
    /**
     * ISO-8601 UTC
     */
    updatedAt: string;
  };
  "GET /services/{id}/tags": {
    items: {
      tag: string;
    }[];
    total: number;
  };
  "GET /teams": {
    items: {
      id: string;
      name: string;
      createdAt: string;
    }[];
    total: number;
  };
  "POST /teams": {
    id: string;
    name: string;
    createdAt: string;
  };
  "GET /teams/{id}": {
    id: string;
    name: string;
    createdAt: string;
    members: {
      id: string;
      username: string;
    }[];
  };
  "PATCH /teams/{id}": {
    id: string;
    name: string;
    createdAt: string;
  };
  "GET /users": {
    items: {
      id: string;
      username: string;
      role: "admin" | "user";
      disabled: boolean;
      /**
       * signs in through an external auth driver; has no password
       */
      external: boolean;
      createdAt: string;
    }[];
    total: number;
  };
  "POST /users": {
    id: string;
    username: string;
    role: "admin" | "user";
    disabled: boolean;
    /**
     * signs in through an external auth driver; has no password
     */
    external: boolean;
    createdAt: string;
  };
  "GET /users/{id}": {
    id: string;
    username: string;
    role: "admin" | "user";
    disabled: boolean;
    /**
     * signs in through an external auth driver; has no password
     */
    external: boolean;
    createdAt: string;
  };
  "PATCH /users/{id}": {
    id: string;
    username: string;
    role: "admin" | "user";
    disabled: boolean;
    /**
     * signs in through an external auth driver; has no password
     */
    external: boolean;
    createdAt: string;
  };
}

export interface ApiRequests {
  "POST /auth/login": {
    username: string;
    password: string;
  };
  "POST /deployments": {
    projectId: string;
    environmentId: string;
    /**
     * A DNS label: lower-case letters, digits and dashes, at most 63 characters.
     */
    name: string;
    /**
     * the tag per service name; selectable services need one
     */
    versions?: {
      [k: string]: string;
    };
  };
  "POST /deployments/{id}/clone": {
    /**
     * A DNS label: lower-case letters, digits and dashes, at most 63 characters.
     */
    name: string;
    /**
     * the tag per service name; selectable services need one
     */
    versions?: {
      [k: string]: string;
    };
  };
  "POST /environments": {
    /**
     * A DNS label: lower-case letters, digits and dashes, at most 63 characters.
     */
    name: string;
    /**
     * deployments get URLs <service>.<deployment>.<environment>.<baseDomain>
     */
    baseDomain: string;
    /**
     * default lifetime of a deployment
     */
    ttlHours: number;
    /**
     * scheme of public URLs
     */
    ingressScheme?: "http" | "https";
    /**
     * port of public URLs, when not the scheme default
     */
    ingressPort?: number;
  };
  "PATCH /environments/{id}": {
    /**
     * A DNS label: lower-case letters, digits and dashes, at most 63 characters.
     */
    name?: string;
    /**
     * deployments get URLs <service>.<deployment>.<environment>.<baseDomain>
     */
    baseDomain?: string;
    /**
     * default lifetime of a deployment
     */
    ttlHours?: number;
    ingressScheme?: ("http" | "https") | null;
    ingressPort?: number | null;
  };
  "PUT /environments/{id}/grants/{teamId}": {
    access: "read" | "full";
  };
  "POST /environments/{id}/nodes": {
    /**
     * A DNS label: lower-case letters, digits and dashes, at most 63 characters.
     */
    name: string;
    /**
     * where the control plane reaches the agent
     */
    host: string;
    port: number;
    /**
     * placement labels; a project nodeSelector must match them
     */
    labels?: {
      [k: string]: string;
    };
    /**
     * SHA-256 of the agent's certificate, as the agent prints it at start-up
     */
    thumbprint?: string;
  };
  "POST /me/tokens": {
    name: string;
  };
  "PATCH /nodes/{id}": {
    enabled?: boolean;
    /**
     * placement labels; a project nodeSelector must match them
     */
    labels?: {
      [k: string]: string;
    };
  };
  "POST /nodes/{id}/approve-thumbprint": {
    /**
     * SHA-256 of the agent's certificate, as the agent prints it at start-up
     */
    thumbprint: string;
  };
  "POST /plugin-sources": {
    /**
     * A DNS label: lower-case letters, digits and dashes, at most 63 characters.
     */
    name: string;
    /**
     * the registry’s base URL (where /.well-known/nullops.json is)
     */
    url: string;
    /**
     * sent as a Bearer token; stored encrypted, never returned
     */
    token?: string;
  };
  "POST /plugins":
    | {
        /**
         * the plugin manifest (nullops-plugin.json)
         */
        manifest: {
          [k: string]: unknown;
        };
        registryId?: string;
      }
    | {
        source: string;
        /**
         * <scope>/<name>
         */
        name: string;
        /**
         * an exact version (yanked ones included)
         */
        version?: string;
        /**
         * a semver range; the source picks the highest version not yanked
         */
        range?: string;
      };
  "POST /projects": {
    /**
     * A DNS label: lower-case letters, digits and dashes, at most 63 characters.
     */
    name: string;
    description?: string;
    resources: {
      /**
       * CPU cores, like docker --cpus
       */
      cpu: number;
      /**
       * Memory limit in MiB
       */
      memoryMb: number;
    };
    /**
     * overrides the environment TTL
     */
    ttlHours?: number;
    /**
     * node labels a deployment must run on
     */
    nodeSelector?: {
      [k: string]: string;
    };
  };
  "PATCH /projects/{id}": {
    /**
     * A DNS label: lower-case letters, digits and dashes, at most 63 characters.
     */
    name?: string;
    description?: string;
    resources?: {
      /**
       * CPU cores, like docker --cpus
       */
      cpu: number;
      /**
       * Memory limit in MiB
       */
      memoryMb: number;
    };
    ttlHours?: number | null;
    /**
     * node labels a deployment must run on
     */
    nodeSelector?: {
      [k: string]: string;
    };
  };
  "PUT /projects/{id}/grants/{teamId}": {
    access: "read" | "full";
  };
  "POST /projects/{id}/pipeline/dry-run": {
    environmentId: string;
    /**
     * a pipeline definition: {steps, edges, layout?} (docs/catalog-and-pipelines.md)
     */
    definition?: {
      [k: string]: unknown;
    };
    /**
     * tag per service name, as a deployment would give
     */
    versions?: {
      [k: string]: string;
    };
  };
  "POST /projects/{id}/pipeline/validate": {
    /**
     * a pipeline definition: {steps, edges, layout?} (docs/catalog-and-pipelines.md)
     */
    definition: {
      [k: string]: unknown;
    };
  };
  "POST /projects/{id}/pipeline/versions": {
    /**
     * a pipeline definition: {steps, edges, layout?} (docs/catalog-and-pipelines.md)
     */
    definition: {
      [k: string]: unknown;
    };
    message?: string;
  };
  "PUT /projects/{id}/secrets/{name}": {
    value: string;
  };
  "POST /registries": {
    /**
     * A DNS label: lower-case letters, digits and dashes, at most 63 characters.
     */
    name: string;
    /**
     * the registry API base URL, e.g. https://ghcr.io or http://127.0.0.1:5001
     */
    url: string;
    username?: string;
    /**
     * a password or an access token; stored encrypted, never returned
     */
    password?: string;
  };
  "PATCH /registries/{id}": {
    /**
     * A DNS label: lower-case letters, digits and dashes, at most 63 characters.
     */
    name?: string;
    /**
     * the registry API base URL, e.g. https://ghcr.io or http://127.0.0.1:5001
     */
    url?: string;
    /**
     * null removes the credentials
     */
    username?: string | null;
    password?: string | null;
  };
  "POST /services": {
    /**
     * A DNS label: lower-case letters, digits and dashes, at most 63 characters.
     */
    name: string;
    registryId: string;
    /**
     * the repository path, without registry host or tag: shop/web, postgres
     */
    image: string;
    tagMode: "pinned" | "selectable";
    /**
     * required when pinned
     */
    tag?: string;
    /**
     * glob of the tags a selectable service offers: v1.*, feature-*
     */
    tagPattern?: string;
    /**
     * at most one with ingress: true
     */
    ports: {
      name: string;
      port: number;
      ingress: boolean;
    }[];
    env?: {
      [k: string]: string;
    };
    healthcheck?:
      | {
          type: "http";
          port: string;
          path: string;
          expectStatus?: number;
          intervalSeconds?: number;
          timeoutSeconds?: number;
          retries?: number;
          startPeriodSeconds?: number;
        }
      | {
          type: "tcp";
          port: string;
          intervalSeconds?: number;
          timeoutSeconds?: number;
          retries?: number;
          startPeriodSeconds?: number;
        }
      | {
          type: "command";
          /**
           * @minItems 1
           */
          command: [string, ...string[]];
          intervalSeconds?: number;
          timeoutSeconds?: number;
          retries?: number;
          startPeriodSeconds?: number;
        };
  };
  "PATCH /services/{id}": {
    /**
     * A DNS label: lower-case letters, digits and dashes, at most 63 characters.
     */
    name?: string;
    registryId?: string;
    /**
     * the repository path, without registry host or tag: shop/web, postgres
     */
    image?: string;
    tagMode?: "pinned" | "selectable";
    tag?: string | null;
    tagPattern?: string | null;
    /**
     * at most one with ingress: true
     */
    ports?: {
      name: string;
      port: number;
      ingress: boolean;
    }[];
    env?: {
      [k: string]: string;
    };
    healthcheck?:
      | (
          | {
              type: "http";
              port: string;
              path: string;
              expectStatus?: number;
              intervalSeconds?: number;
              timeoutSeconds?: number;
              retries?: number;
              startPeriodSeconds?: number;
            }
          | {
              type: "tcp";
              port: string;
              intervalSeconds?: number;
              timeoutSeconds?: number;
              retries?: number;
              startPeriodSeconds?: number;
            }
          | {
              type: "command";
              /**
               * @minItems 1
               */
              command: [string, ...string[]];
              intervalSeconds?: number;
              timeoutSeconds?: number;
              retries?: number;
              startPeriodSeconds?: number;
            }
        )
      | null;
  };
  "POST /teams": {
    name: string;
  };
  "PATCH /teams/{id}": {
    name: string;
  };
  "POST /teams/{id}/members": {
    userId: string;
  };
  "POST /users": {
    /**
     * letters, digits and . _ @ + -; case-insensitive
     */
    username: string;
    /**
     * at least 8 characters; never returned
     */
    password: string;
    role: "admin" | "user";
  };
  "PATCH /users/{id}": {
    /**
     * at least 8 characters; never returned
     */
    password?: string;
    role?: "admin" | "user";
    disabled?: boolean;
  };
}
