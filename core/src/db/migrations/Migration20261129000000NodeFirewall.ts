// The isolation firewall each node's agent reports in `hello` (active, unavailable, or disabled by
// AGENT_INSECURE_NO_FIREWALL=1), shown on the node.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261129000000NodeFirewall extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "node" add column "firewall" jsonb null`);
  }
}
