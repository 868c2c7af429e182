#!/bin/sh
# Runs once, when the postgres container initialises an empty data directory.
# Creates the two roles Herald needs and its database:
#   herald_owner  owns the schema; Flyway migrates as this role
#   herald_app    what Herald connects as: owns nothing, no superuser, cannot bypass row-level security
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner_password="$HERALD_OWNER_PASSWORD" -v app_password="$HERALD_APP_PASSWORD" <<'SQL'
CREATE ROLE herald_owner LOGIN NOSUPERUSER NOCREATEROLE PASSWORD :'owner_password';
CREATE ROLE herald_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD :'app_password';
CREATE DATABASE herald OWNER herald_owner ENCODING 'UTF8';
SQL
