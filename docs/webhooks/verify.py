#!/usr/bin/env python3
"""Verifies a Caly webhook delivery: Python 3, standard library only.

    from verify import verify
    ok, reason = verify(secret, request.headers["Caly-Signature"], request.get_data())
    if not ok:
        abort(400, reason)

As a program: python3 verify.py <secret> <Caly-Signature value> [unix-now] < body
prints "valid" (exit 0) or "invalid: <reason>" (exit 1).
"""
import hashlib
import hmac
import re
import sys
import time

# Deliveries signed longer ago than this, or further in the future, are refused: a replayed request is too old.
TOLERANCE_SECONDS = 300

_HEX = re.compile(r"^[0-9a-f]{64}$")
_DIGITS = re.compile(r"^[0-9]{1,12}$")


def verify(secret, header, body, now=None):
    """Checks a Caly-Signature header ("t=<unix seconds>,v1=<hex>[,v1=<hex>]") against the raw body.

    secret: the whole signing secret, "whsec_..."; body: the raw request body as bytes, exactly as received;
    now: unix seconds (defaults to the clock). Returns (True, None) or (False, reason).
    """
    if not header or not header.strip():
        return False, "no Caly-Signature header"
    if now is None:
        now = int(time.time())
    if isinstance(body, str):
        body = body.encode("utf-8")
    timestamp = None
    signatures = []
    for part in header.split(","):
        key, sep, value = part.partition("=")
        if not sep:
            continue
        key, value = key.strip(), value.strip()
        if key == "t":
            if timestamp is not None or not _DIGITS.match(value):
                return False, "malformed timestamp"
            timestamp = int(value)
        elif key == "v1" and _HEX.match(value):
            signatures.append(value)
    if timestamp is None:
        return False, "no timestamp"
    if not signatures:
        return False, "no v1 signature"

    message = str(timestamp).encode("ascii") + b"." + body
    expected = hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()
    # every entry is compared, each in constant time: during a secret rotation the header carries two
    matched = False
    for signature in signatures:
        if hmac.compare_digest(signature, expected):
            matched = True
    if not matched:
        return False, "no signature matches"
    if abs(now - timestamp) > TOLERANCE_SECONDS:
        return False, "timestamp outside the tolerance"
    return True, None


def main(argv):
    if len(argv) not in (3, 4) or (len(argv) == 4 and not argv[3].isdigit()):
        sys.stderr.write("usage: python3 verify.py <secret> <Caly-Signature value> [unix-now] < body\n")
        return 2
    now = int(argv[3]) if len(argv) == 4 else None
    ok, reason = verify(argv[1], argv[2], sys.stdin.buffer.read(), now)
    print("valid" if ok else "invalid: " + reason)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
