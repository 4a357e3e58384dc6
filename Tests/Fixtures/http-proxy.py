#!/usr/bin/env python3
"""A small HTTP proxy for the end-to-end tests: CONNECT tunnels (what a WebSocket client
asks for) and plain forwarding of absolute-URL requests (what libcurl sends for http://).
Prints "listening on PORT", then one line per request: "METHOD TARGET".
Usage: http-proxy.py"""
import socket, sys, threading
from urllib.parse import urlsplit


def pipe(source, target):
    try:
        while data := source.recv(65536):
            target.sendall(data)
    except OSError:
        pass
    finally:
        try:
            target.shutdown(socket.SHUT_WR)
        except OSError:
            pass


def handle(client):
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = client.recv(4096)
        if not chunk:
            return
        head += chunk
    request_line, rest = head.split(b"\r\n", 1)
    method, target, version = request_line.decode().split()
    print(method, target, flush=True)
    if method == "CONNECT":
        host, port = target.rsplit(":", 1)
        upstream = socket.create_connection((host, int(port)))
        client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
    else:
        url = urlsplit(target)
        upstream = socket.create_connection((url.hostname, url.port or 80))
        path = (url.path or "/") + (f"?{url.query}" if url.query else "")
        upstream.sendall(f"{method} {path} {version}\r\n".encode() + rest)
    threading.Thread(target=pipe, args=(client, upstream), daemon=True).start()
    pipe(upstream, client)


server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen(64)
print("listening on", server.getsockname()[1], flush=True)
while True:
    connection, _ = server.accept()
    threading.Thread(target=handle, args=(connection,), daemon=True).start()
