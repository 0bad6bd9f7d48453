# The demo's `web` service (run by sh in the PostgreSQL image): a page listing the rows of `visits`, read
# with psql, served on $PORT by the image's busybox nc. Each answer is prepared before the next request
# arrives and records a visit, so the page a visitor gets shows the visits before theirs.
set -eu
shown=$(echo "$DATABASE_URL" | sed 's/:[^:@/]*@/:***@/')
echo "web: listening on $PORT, database $shown"
while :; do
  if rows=$(psql "$DATABASE_URL" -q -H -v ON_ERROR_STOP=1 -c 'SELECT id, at, note FROM visits ORDER BY id DESC LIMIT 20' 2>&1); then
    status='200 OK'
    body="<!doctype html><title>NullOps demo</title><h1>NullOps demo: deployment $DEPLOYMENT</h1>
<p>This page runs in its own container and was given DATABASE_URL=<code>$shown</code>.</p>
<p>Database and role were created by the <code>database</code> step (nullops/postgres-create-db), table <code>visits</code> by the <code>schema</code> step (nullops/sql-exec), a row by the <code>seed</code> job; each visit adds a row.</p>
$rows"
  else
    status='500 Internal Server Error'
    body="the database did not answer: $rows"
  fi
  length=$(printf '%s\n' "$body" | wc -c)
  printf 'HTTP/1.1 %s\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: %s\r\nconnection: close\r\n\r\n%s\n' "$status" "$length" "$body" | nc -l -p "$PORT" >/dev/null || true
  psql "$DATABASE_URL" -q -c "INSERT INTO visits (note) VALUES ('page view')" >/dev/null 2>&1 || true
done
