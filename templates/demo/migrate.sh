# The demo's `migrate` job (run by sh in the PostgreSQL image, which has psql): waits for the database,
# creates the table `visits` with its first row, and says which tables the database now has.
set -eu
shown=$(echo "$DATABASE_URL" | sed 's/:[^:@/]*@/:***@/')
tries=0
until answer=$(psql "$DATABASE_URL" -qAt -c 'SELECT 1' 2>&1); do
  tries=$((tries + 1))
  [ "$tries" -lt 60 ] || { echo "migrate: the database at $shown did not answer in 60 s: $answer"; exit 1; }
  echo "migrate: waiting for the database at $shown ($answer)"
  sleep 1
done
psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -q <<'SQL'
CREATE TABLE IF NOT EXISTS visits (id serial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), note text NOT NULL);
INSERT INTO visits (note) SELECT 'created by the migrate job' WHERE NOT EXISTS (SELECT 1 FROM visits);
SQL
tables=$(psql "$DATABASE_URL" -qAt -c "SELECT string_agg(table_name, ', ' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = 'public'")
count=$(psql "$DATABASE_URL" -qAt -c 'SELECT count(*) FROM visits')
echo "migrate: $shown now has tables: $tables (visits: $count row(s))"
