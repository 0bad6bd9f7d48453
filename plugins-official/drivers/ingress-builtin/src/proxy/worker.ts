// A worker process of a multi-process builtin ingress (`workers` > 1): serves requests on the shared
// port with the tables its parent, which holds the feed, sends over IPC.
import { createProxyServer, type WorkerMessage, type WorkerSettings } from './index.js';

const settings = JSON.parse(process.env.NULLOPS_INGRESS_WORKER ?? 'null') as WorkerSettings | null;
if (!settings || !process.send) throw new Error('This module runs as a worker of startIngressProxy({ workers }), not on its own.');

const log = (message: string) => process.stderr.write(`[nullops ingress ${process.pid}] ${message}\n`);
const { server, flush } = await createProxyServer({ tls: settings.tls, accessLog: settings.accessLog, log });
process.on('message', (message: WorkerMessage) => {
  if (message.type === 'table') server.apply(message.table);
  else if (message.type === 'stop') {
    void server.close().then(() => {
      flush();
      process.exit(0);
    });
  }
});
process.on('disconnect', () => process.exit(0));
await server.listen(settings.port, settings.host);
