#!/bin/sh
set -eu
export DEPLOY_TOKEN="$<secret.DEPLOY_TOKEN>"
curl -H "Authorization: Bearer $<secret.API_BEARER_TOKEN>" https://api.example.com
PASS='$<secret.PASS>'
