#!/bin/sh
# Runs once, when the PostgreSQL volume is created: the role the authorization server connects as.
# Migrations run as POSTGRES_USER, the schema's owner; after each migration the server grants this
# role what it needs, and on audit_event only SELECT and INSERT (docs/operations.md).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<EOSQL
CREATE ROLE countersign_app LOGIN PASSWORD '${COUNTERSIGN_APP_PASSWORD}';
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
EOSQL
