#!/bin/sh
# Runs once, when the PostgreSQL volume is empty (docker-entrypoint-initdb.d): one database and one login role per
# service, each role owning only its own database (no service reads another service's tables). The passwords are
# the ones the services are given as <SVC>_DB_PASSWORD (compose.yaml passes the same variables to this container).
set -eu

create() { # <database> <role> <password>
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
       -v db="$1" -v role="$2" -v pw="$3" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'pw';
CREATE DATABASE :"db" OWNER :"role";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
SQL
}

create im_user      im_user      "$USER_DB_PASSWORD"
create im_group     im_group     "$GROUP_DB_PASSWORD"
create im_messaging im_messaging "$MESSAGING_DB_PASSWORD"
create im_media     im_media     "$MEDIA_DB_PASSWORD"
