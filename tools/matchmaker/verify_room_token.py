#!/usr/bin/env python3
"""Verifies a matchmaker room token with PyJWT and cryptography, trusting nothing but the served JWKS.

Reads {"token", "jwks", "audience", "now"} as JSON on stdin; checks with PyJWT the ES256 signature under the JWKS
key named by the token's `kid`, the audience and the required claims, then the time window at `now` (unix seconds:
the caller's clock, which may be a test's); prints {"claims", "thumbprint"} (the verified claims and the RFC 7638
thumbprint of the key, computed here) as JSON, or exits 1 with the reason.

    .venv/bin/python tools/matchmaker/verify_room_token.py < input.json
"""
import base64
import hashlib
import json
import sys

import jwt


def main() -> int:
    request = json.load(sys.stdin)
    token, jwks, audience, now = request["token"], request["jwks"], request["audience"], request["now"]
    header = jwt.get_unverified_header(token)
    if header.get("alg") != "ES256":
        print(f"not ES256: {header}", file=sys.stderr)
        return 1
    keys = {k["kid"]: jwt.PyJWK.from_dict(k) for k in jwks["keys"]}
    key = keys.get(header.get("kid"))
    if key is None:
        print(f"unknown key id {header.get('kid')}", file=sys.stderr)
        return 1
    try:
        # PyJWT reads the wall clock for exp/nbf/iat; those are checked below against the caller's `now`.
        claims = jwt.decode(
            token, key=key, algorithms=["ES256"], audience=audience,
            options={"require": ["exp", "iat", "nbf", "aud", "sub"], "verify_exp": False, "verify_nbf": False,
                     "verify_iat": False})
    except jwt.InvalidTokenError as error:
        print(f"invalid: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    if not claims["nbf"] <= now < claims["exp"]:
        print(f"invalid: outside [nbf, exp) at {now}", file=sys.stderr)
        return 1
    jwk = next(k for k in jwks["keys"] if k["kid"] == header["kid"])
    canonical = json.dumps({"crv": jwk["crv"], "kty": jwk["kty"], "x": jwk["x"], "y": jwk["y"]},
                           separators=(",", ":"), sort_keys=True)
    thumbprint = base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest()).rstrip(b"=").decode()
    print(json.dumps({"claims": claims, "thumbprint": thumbprint}, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
