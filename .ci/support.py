"""What the CI scripts that drive release binaries share: a check that records failures, a free
loopback port, and one HTTP exchange."""
import http.client
import socket

failures = []


def check(condition, message):
    """Prints the check's outcome; a failed check is remembered in `failures`."""
    print(("  ok   " if condition else "  FAIL ") + message, flush=True)
    if not condition:
        failures.append(message)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(port, method, path, body=None, headers=None, timeout=10):
    """One request to 127.0.0.1:port on a fresh connection: (status, headers, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()
