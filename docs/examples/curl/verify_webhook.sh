#!/bin/sh
# Verify a webhook from the hub (Standard Webhooks) with openssl, for a shell receiver.
#   WEBHOOK_SECRET=whsec_... sh verify_webhook.sh WEBHOOK_ID WEBHOOK_TIMESTAMP WEBHOOK_SIGNATURE BODY_FILE
# exits 0 when one v1 signature matches and the timestamp is within 5 minutes, 1 otherwise.
set -eu
id=$1 timestamp=$2 signatures=$3 body=$4
key_hex=$(printf '%s' "${WEBHOOK_SECRET#whsec_}" | openssl base64 -d -A | od -An -v -tx1 | tr -d ' \n')
expected=$( { printf '%s.%s.' "$id" "$timestamp"; cat "$body"; } \
    | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key_hex" -binary | openssl base64 -A)
now=$(date +%s)
age=$((now - timestamp)); [ "$age" -lt 0 ] && age=$((-age))
for signature in $signatures; do
    if [ "$signature" = "v1,$expected" ]; then
        if [ "$age" -gt 300 ]; then echo "invalid webhook: timestamp too old or in the future"; exit 1; fi
        echo "valid"; exit 0
    fi
done
echo "invalid webhook: no valid signature"
exit 1
