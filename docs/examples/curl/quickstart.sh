#!/usr/bin/env bash
# A partner system's first steps with the hub: a token with private_key_jwt, then a first
# query. bash, curl and openssl (which signs the client assertion, RS256).
#
#   HUB_URL=https://hub.example HUB_CLIENT_ID=teatro-erp HUB_KEY_FILE=partner-key.pem \
#       bash quickstart.sh
#
# Subscriptions run over a WebSocket (graphql-transport-ws), which curl does not speak:
# see the Python quickstart.
set -euo pipefail

hub="${HUB_URL%/}"
client_id="$HUB_CLIENT_ID"
key_file="$HUB_KEY_FILE"

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
json_field() { sed -n "s/.*\"$1\" *: *\"\([^\"]*\)\".*/\1/p"; }

# RFC 7523: iss = sub = the client id, aud = the hub's issuer exactly, a one-minute life
# (the hub refuses more than five), and a fresh jti (each assertion works once).
now=$(date +%s)
jti=$(openssl rand -hex 16)
header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
claims=$(printf '{"iss":"%s","sub":"%s","aud":"%s","iat":%d,"exp":%d,"jti":"%s"}' \
    "$client_id" "$client_id" "$hub" "$now" "$((now + 60))" "$jti" | b64url)
signature=$(printf '%s.%s' "$header" "$claims" | openssl dgst -sha256 -sign "$key_file" | b64url)
assertion="$header.$claims.$signature"

issued=$(curl -sS --fail-with-body "$hub/oauth/token" \
    -d grant_type=client_credentials \
    -d client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer \
    --data-urlencode "client_assertion=$assertion")
access_token=$(printf '%s' "$issued" | json_field access_token)
echo "token: $(printf '%s' "$issued" | json_field token_type), scope $(printf '%s' "$issued" | json_field scope)"

organisation=$(curl -sS --fail-with-body -H "authorization: Bearer $access_token" \
    "$hub/api/whoami" | json_field organisation)
echo "organisation: $organisation"

query='query Projects($organisation: ID!) { projects(partner: $organisation, first: 20) { nodes { id acronym title programme } } }'
body=$(printf '{"query": "%s", "variables": {"organisation": "%s"}}' "$query" "$organisation")
echo "projects: $(curl -sS --fail-with-body -H "authorization: Bearer $access_token" \
    -H 'content-type: application/json' -d "$body" "$hub/graphql")"
