#!/usr/bin/env python3
"""A backend whose live stream, right after the upgrade, sends a WebSocket frame header that
claims 2^63 bytes. GET /api/deployments/{id}/logs answers one line; GET /api/deployments an
empty list. Prints "listening on PORT", then one line per stream connection: "stream".
Usage: hostile-websocket.py"""
import base64, hashlib, json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
LOGS = {"logs": [{"timestamp": "2026-11-28T12:00:00Z", "stream": "stdout", "message": "a line before the stream"}]}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *arguments):
        pass

    def do_GET(self):
        path = self.path.split("?")[0]
        if path.endswith("/logs/stream"):
            return self.upgrade_and_lie()
        self.answer(200, LOGS if path.endswith("/logs") else [])

    def upgrade_and_lie(self):
        print("stream", flush=True)
        key = self.headers["Sec-WebSocket-Key"] + GUID
        self.send_response(101)
        self.send_header("Upgrade", "websocket")
        self.send_header("Connection", "Upgrade")
        self.send_header("Sec-WebSocket-Accept", base64.b64encode(hashlib.sha1(key.encode()).digest()).decode())
        self.end_headers()
        # FIN + text frame, the 64-bit length form, length 2^63.
        self.wfile.write(bytes([0x81, 0x7F]) + (1 << 63).to_bytes(8, "big"))
        self.wfile.flush()
        self.rfile.read(2)   # until the client closes
        self.close_connection = True

    def answer(self, status, value):
        body = json.dumps(value).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(f"listening on {server.server_address[1]}", flush=True)
server.serve_forever()
