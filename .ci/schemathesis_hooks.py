"""Schemathesis hooks for this service (loaded through SCHEMATHESIS_HOOKS by .ci/fuzz.sh)."""

import json

import schemathesis


@schemathesis.serializer("application/x-ndjson")
def ndjson(ctx, value):
    """The import body is newline-delimited JSON; send generated strings as they are."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    return (json.dumps(value) + "\n").encode("utf-8")
