#!/bin/sh
# The CDSE token flow with curl, as the CDSE documentation shows it (reference/cdse.md §4), against any hub:
#   cdse-token-flow.sh <base-url> <username> <password>
# Gets a token with a form-encoded password grant, refreshes it, then reads /stac and /health with
# `Authorization: Bearer`. Prints the HTTP statuses; exits non-zero when a step fails.
set -eu
BASE=$1 USER_NAME=$2 PASSWORD=$3
TOKEN_URL="$BASE/auth/realms/eohub/protocol/openid-connect/token"

RESPONSE=$(curl -sS --fail -d 'grant_type=password' -d 'client_id=cdse-public' \
  --data-urlencode "username=$USER_NAME" --data-urlencode "password=$PASSWORD" "$TOKEN_URL")
ACCESS=$(printf '%s' "$RESPONSE" | jq -er .access_token)
REFRESH=$(printf '%s' "$RESPONSE" | jq -er .refresh_token)
printf 'token_type %s expires_in %s\n' "$(printf '%s' "$RESPONSE" | jq -r .token_type)" "$(printf '%s' "$RESPONSE" | jq -r .expires_in)"

REFRESHED=$(curl -sS --fail -d 'grant_type=refresh_token' -d 'client_id=cdse-public' --data-urlencode "refresh_token=$REFRESH" "$TOKEN_URL")
ACCESS=$(printf '%s' "$REFRESHED" | jq -er .access_token)

printf 'stac %s\n' "$(curl -sS -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $ACCESS" "$BASE/stac")"
printf 'health %s\n' "$(curl -sS -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $ACCESS" "$BASE/health")"
printf 'bad-token %s\n' "$(curl -sS -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer not-a-token' "$BASE/stac")"
