"""A bounded socket client for examples/server (server_socket.test).

Usage: server_client.py REQUESTS... -- SERVER-COMMAND...

Starts SERVER-COMMAND (an argument "@SOCK@" becomes the path of a Unix
socket in a fresh temporary directory), waits for its "listening on ADDRESS"
line on stderr (127.0.0.1:PORT or a socket path), then connects once per
REQUESTS file, one client after the other. Client N sends the lines of the
Nth file, half-closes the connection and reads responses until the server
closes it; they are printed as "client N: LINE". (A file should not go on
after a quit request: closing a socket with unread data resets it.) Then
the server must exit by itself (start it with --max-clients); its exit
status and stderr are printed as "server exit: STATUS" and "server: LINE".
Every wait is bounded.
"""
import os
import queue
import shutil
import socket
import subprocess
import sys
import tempfile
import threading

TIMEOUT = 120  # seconds; generous for valgrind


def fail(message, proc=None):
    print("server_client.py: " + message, file=sys.stderr)
    if proc is not None:
        proc.kill()
    sys.exit(1)


def main():
    if "--" not in sys.argv[2:] or sys.argv[-1] == "--":
        fail("usage: server_client.py REQUESTS... -- SERVER-COMMAND...")
    split = sys.argv.index("--", 2)
    scripts = []
    for name in sys.argv[1:split]:
        with open(name, "rb") as f:
            scripts.append(f.read())
    clients = len(scripts)
    tmpdir = tempfile.mkdtemp(prefix="cdefer-server-")
    sock_path = os.path.join(tmpdir, "sock")
    command = [sock_path if a == "@SOCK@" else a for a in sys.argv[split + 1:]]

    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    lines = queue.Queue()

    def drain():
        for line in proc.stderr:
            lines.put(line.decode(errors="replace").rstrip("\n"))
        lines.put(None)

    threading.Thread(target=drain, daemon=True).start()
    server_log = []
    address = None
    while address is None:
        try:
            line = lines.get(timeout=TIMEOUT)
        except queue.Empty:
            fail("no 'listening on' line from the server", proc)
        if line is None:
            fail("the server ended before listening", proc)
        server_log.append(line)
        if line.startswith("listening on "):
            address = line[len("listening on "):]

    for n, requests in enumerate(scripts, 1):
        if address.startswith("127.0.0.1:"):
            s = socket.create_connection(
                ("127.0.0.1", int(address.split(":")[1])), timeout=TIMEOUT)
        else:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.settimeout(TIMEOUT)
            s.connect(address)
        with s:
            s.sendall(requests)
            s.shutdown(socket.SHUT_WR)
            data = b""
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
        for line in data.decode(errors="replace").splitlines():
            print("client %d: %s" % (n, line))

    try:
        status = proc.wait(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        fail("the server did not exit after %d clients" % clients, proc)
    while True:
        line = lines.get(timeout=TIMEOUT)
        if line is None:
            break
        server_log.append(line)
    out = proc.stdout.read().decode(errors="replace")
    print("server exit: %d" % status)
    for line in server_log:
        print("server: " + line)
    for line in out.splitlines():
        print("server stdout: " + line)
    left = "yes" if os.path.exists(sock_path) else "no"
    print("socket file left: " + left)
    shutil.rmtree(tmpdir, ignore_errors=True)


main()
