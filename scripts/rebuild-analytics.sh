#!/usr/bin/env bash
# Rebuilds the analytics read model (the 15-minute steps of every company's calls) from the calls themselves:
# after a bulk load, a restore, or any change made to calls outside the application.
# Usage: bash scripts/rebuild-analytics.sh [postgresql://user@host:port/database]   (default: DATABASE_URL, or the local caly database)
set -euo pipefail
url=${1:-${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/caly}}
psql "$url" -v ON_ERROR_STOP=1 -qc "select analytics_refresh(null, '-infinity', 'infinity')" >/dev/null
psql "$url" -qAtc "select count(*) || ' steps of ' || count(distinct company_id) || ' companies' from analytics_call_buckets"
psql "$url" -v ON_ERROR_STOP=1 -qc "select analytics_refresh_latency(null, '-infinity', 'infinity')" >/dev/null
psql "$url" -qAtc "select count(*) || ' latency counts over ' || count(distinct (company_id, day)) || ' company days' from analytics_latency_days"
