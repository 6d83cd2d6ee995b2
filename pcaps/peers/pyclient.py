#!/usr/bin/env python3
"""pyclient.py - a TLS client written with Python's ssl module, as applications use it.

Usage: pyclient.py HOST PORT NAME CAFILE KEYLOG VERSION
  Connects to HOST:PORT asking for NAME (SNI and the name checked in the certificate),
  trusting CAFILE only, with the default context's checks (create_default_context:
  chain and host name), VERSION TLSv1_2 or TLSv1_3 both as minimum and maximum, the TLS
  secrets appended to KEYLOG; sends one HTTP/1.0 request and prints the answer's status
  line, or the error. Exit status 0 when the request was answered, 1 otherwise.
"""

import socket
import ssl
import sys


def main():
    host, port, name, cafile, keylog, version = sys.argv[1:7]
    ctx = ssl.create_default_context(cafile=cafile)
    ctx.minimum_version = ctx.maximum_version = getattr(ssl.TLSVersion, version)
    ctx.keylog_filename = keylog
    request = f"GET /hello.txt HTTP/1.0\r\nHost: {name}\r\n\r\n".encode()
    with socket.create_connection((host, int(port)), timeout=5) as raw:
        try:
            with ctx.wrap_socket(raw, server_hostname=name) as tls:
                tls.sendall(request)
                answer = tls.recv(4096)
        except (ssl.SSLError, OSError) as err:
            print(f"error: {err}")
            return 1
    print(answer.split(b"\r\n", 1)[0].decode(errors="replace"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
